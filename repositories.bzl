"""The repositories asynchat_conformance's targets refer to, for a workspace
that uses it (examples/consumer/WORKSPACE):

    local_repository(name = "asynchat_conformance", path = "PATH")
    load("@asynchat_conformance//:repositories.bzl", "asynchat_conformance_repositories")
    asynchat_conformance_repositories(path = "PATH")

Offline, like this repository's own WORKSPACE: Debian's Bazel rules and
-dev packages (install them with this repository's tools/bazel, or apt), and
the shims in third_party/bazel_offline/. `path` is where this repository is,
relative to the using workspace or absolute. A repository the workspace
already declares is left alone.
"""

def _declare(kind, name, **kwargs):
    if native.existing_rule(name) == None:
        kind(name = name, **kwargs)

def asynchat_conformance_repositories(path):
    _declare(native.local_repository, "rules_cc", path = path + "/third_party/bazel_offline/rules_cc")
    _declare(native.local_repository, "rules_java", path = "/usr/share/bazel/rules/java")
    _declare(native.local_repository, "remote_coverage_tools", path = path + "/third_party/bazel_offline/remote_coverage_tools")
    _declare(native.local_repository, "platforms", path = "/usr/share/bazel/tools/platforms")
    _declare(native.local_repository, "bazel_skylib", path = "/usr/share/bazel/tools/skylib")
    _declare(
        native.new_local_repository,
        "system",
        path = "/usr",
        build_file = "@asynchat_conformance//third_party:system.BUILD",
    )
