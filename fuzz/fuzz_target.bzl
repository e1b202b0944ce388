"""asynchat_fuzz_target: one libFuzzer target, in the shape of rules_fuzzing's
cc_fuzz_test (which cannot be downloaded here), for Bazel 4.2.3.

For asynchat_fuzz_target(name = "X", ...) in package //fuzz:

  X              cc_binary, tags manual + fuzz. Under --config=fuzz
                 (--define=fuzzing_engine=libfuzzer) it is the libFuzzer
                 binary (-fsanitize=fuzzer on compile and link; the config
                 adds address and undefined). In any other configuration it
                 links replay_main.cc instead and replays the files or
                 directories given as arguments.
  X_replay_test  cc_test with the default toolchain: feeds every file of the
                 corpus and of regressions/X/ through the same
                 LLVMFuzzerTestOneInput (replay_main.cc), so `bazel test //...`
                 (and --config=asan) replays them all.
  X_run          sh_binary, tags manual + fuzz:
                 tools/bazel run --config=fuzz //fuzz:X_run -- -max_total_time=60
                 fuzzes with the dictionary and the corpus in the source tree
                 (run_fuzzer.sh says where new inputs and crashes go).
  X_corpus       filegroup of the corpus files.
"""

def asynchat_fuzz_target(name, srcs, deps = [], corpus = None, dict = None, size = "small"):
    """Declares X, X_replay_test, X_run and X_corpus (see above).

    Args:
      name: the target name, also the corpus and regressions directory name.
      srcs: the sources, one of which defines LLVMFuzzerTestOneInput.
      deps: libraries they use.
      corpus: directory of seed inputs in this package (default corpus/<name>).
      dict: libFuzzer dictionary file in this package, or None.
      size: the replay test's size.
    """
    pkg = native.package_name()
    corpus_dir = corpus if corpus else "corpus/" + name
    corpus_files = native.glob([corpus_dir + "/**"])
    regression_dir = "regressions/" + name
    regression_files = native.glob([regression_dir + "/**"])

    native.filegroup(
        name = name + "_corpus",
        srcs = corpus_files,
    )

    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + select({
            "//fuzz:libfuzzer": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        copts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        linkopts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        # --config=fuzz links with ld.bfd (gold cannot link clang's ASan
        # thunks), which does not know the --start-lib/--end-lib that Bazel's
        # auto-configured toolchain passes when it found gold.
        features = ["-supports_start_end_lib"],
        tags = ["manual", "fuzz"],
    )

    native.cc_test(
        name = name + "_replay_test",
        size = size,
        srcs = srcs,
        deps = deps + ["//fuzz:replay_main"],
        data = corpus_files + regression_files,
        features = ["-supports_start_end_lib"],
        args = [
            "--min_inputs=1",
            pkg + "/" + corpus_dir,
            "--optional",
            pkg + "/" + regression_dir,
        ],
    )

    native.sh_binary(
        name = name + "_run",
        srcs = ["//fuzz:run_fuzzer.sh"],
        data = [":" + name] + ([dict] if dict else []) + corpus_files,
        args = [
            "$(location :%s)" % name,
            "$(location %s)" % dict if dict else "-",
            pkg + "/" + corpus_dir,
        ],
        tags = ["manual", "fuzz"],
    )

def asynchat_planted_bug_fuzzer(name, srcs, planted, deps = []):
    """Declares `name`: a fuzz target's sources linked with a planted bug.

    `planted` are sources (or a cc_library) whose definitions replace
    reference functions: the binary's own objects come before the libraries'
    archives on the link line, so the linker never pulls the replaced
    object from its archive. Built like the target itself (libFuzzer under
    --config=fuzz, replay_main otherwise); tags manual + fuzz.
    planted_bug_test runs it.

    Args:
      name: the binary, by convention <target>_planted_bug.
      srcs: the target's sources (its *_fuzzer.cc).
      planted: the planted bug's sources, all the replaced object's definitions.
      deps: the target's deps.
    """
    native.cc_binary(
        name = name,
        srcs = srcs + planted,
        deps = deps + select({
            "//fuzz:libfuzzer": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        copts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        linkopts = select({
            "//fuzz:libfuzzer": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        features = ["-supports_start_end_lib"],  # see asynchat_fuzz_target
        tags = ["manual", "fuzz"],
    )
