// The factory: each spec gives the adapter it names, found through the
// runfiles; an unknown spec is std::invalid_argument listing the valid ones.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "conformance/driver/adapter_factory.h"
#include "base/runfiles.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

const traces::Trace kEcho = traces::ParseTrace(
    "asynchat-trace 1\nchannel c\n> c set_terminator str:\"\\n\"\n> c read \"hi\\n\"\n< c collect \"hi\"\n"
    "< c found_terminator\n");

std::string Formatted(const std::vector<traces::Record>& records) {
  std::string out;
  for (const traces::Record& r : records) out += traces::FormatRecord(r) + "\n";
  return out;
}

void ExpectRunsTheEcho(Adapter& a) {
  CaseOutcome got = a.Run("echo", kEcho);
  ASSERT_EQ(got.status, CaseOutcome::Status::kRan) << got.detail;
  EXPECT_EQ(Formatted(got.transcript),
            "> c set_terminator str:\"\\n\"\n> c read \"hi\\n\"\n< c collect \"hi\"\n< c found_terminator\n");
}

TEST(AdapterFactory, InProcessAndReferenceProcess) {
  for (const char* spec : {"reference", "model", "reference-process"}) {
    SCOPED_TRACE(spec);
    std::unique_ptr<Adapter> a = MakeAdapter(spec);
    EXPECT_EQ(a->info().protocol_version, 2);
    ExpectRunsTheEcho(*a);
  }
  EXPECT_EQ(MakeAdapter("reference-process")->info().implementation, MakeAdapter("reference")->info().implementation);
}

TEST(AdapterFactory, CommandRunsThroughTheShell) {
  std::string binary = base::Runfile("reference/harness/reference_adapter");
  std::unique_ptr<Adapter> a = MakeCommandAdapter("exec '" + binary + "' --impl model 2>/dev/null");
  EXPECT_EQ(a->info().protocol_version, 2);
  EXPECT_EQ(a->info().implementation, MakeAdapter("model")->info().implementation);
  ExpectRunsTheEcho(*a);
}

TEST(AdapterFactory, TimeLimitReachesTheProcessAdapter) {
  AdapterOptions options;
  options.case_time_limit = std::chrono::milliseconds(200);
  std::unique_ptr<Adapter> a = MakeCommandAdapter("read line; echo 'hello 1 \"slow\" string_terminator'; exec sleep 1000", options);
  CaseOutcome got = a->Run("echo", kEcho);
  EXPECT_EQ(got.status, CaseOutcome::Status::kAdapterFailure);
  EXPECT_NE(got.detail.find("no answer within 200 ms after line 'case \"echo\"'"), std::string::npos) << got.detail;
}

TEST(AdapterFactory, PythonAdapterIsFoundInTheRunfiles) {
  std::optional<std::string> script = base::FindRunfile("conformance/adapters/python/asynchat_adapter.py");
  ASSERT_TRUE(script) << "the factory's data must include the Python adapter";
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  std::unique_ptr<Adapter> a = MakeAdapter("cpython");
  ASSERT_EQ(a->info().protocol_version, 2) << "the Python adapter's handshake failed";
  EXPECT_NE(a->info().implementation.find("asynchat"), std::string::npos) << a->info().implementation;
  EXPECT_TRUE(a->info().capabilities.count("typed_push"));
}

// Sets an environment variable for one scope (unset when value is null).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(AdapterFactory, Python27IsTheOneAskedFor) {
  std::string dir = std::filesystem::path(std::getenv("TEST_TMPDIR")) / "fake_python27";
  std::filesystem::create_directories(dir);
  // A "python2.7" that says which interpreter the factory ran, then fails
  // the handshake so the run stops there.
  std::string fake = dir + "/python2.7";
  {
    std::ofstream f(fake);
    f << "#!/bin/sh\nread line\necho 'fatal \"fake python2.7 ran\"'\n";
  }
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  {
    ScopedEnv chosen("ASYNCHAT_PYTHON27", fake.c_str());
    EXPECT_NE(MakeAdapter("cpython2.7")->info().startup_error.find("fake python2.7 ran"), std::string::npos);
  }
  {
    ScopedEnv chosen("ASYNCHAT_PYTHON27", nullptr);
    ScopedEnv path("PATH", ("/nonexistent/shims:" + dir).c_str());
    EXPECT_NE(MakeAdapter("cpython2.7")->info().startup_error.find("fake python2.7 ran"), std::string::npos);
  }
  {
    ScopedEnv chosen("ASYNCHAT_PYTHON27", (dir + "/missing").c_str());
    try {
      MakeAdapter("cpython2.7");
      FAIL() << "accepted a missing ASYNCHAT_PYTHON27";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "implementation cpython2.7: ASYNCHAT_PYTHON27=" + dir + "/missing is not an executable file");
    }
  }
  {
    // Nothing anywhere: a pyenv shim on PATH does not count (it would run the
    // version pyenv selected), nor does a pyenv version that is not 2.7.
    std::string root = std::filesystem::path(std::getenv("TEST_TMPDIR")) / "pyenv";
    std::filesystem::create_directories(root + "/shims");
    std::filesystem::create_directories(root + "/versions/3.11.7/bin");
    std::filesystem::copy_file(fake, root + "/shims/python2.7", std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(fake, root + "/versions/3.11.7/bin/python2.7",
                               std::filesystem::copy_options::overwrite_existing);
    ScopedEnv chosen("ASYNCHAT_PYTHON27", nullptr);
    ScopedEnv path("PATH", (root + "/shims").c_str());
    ScopedEnv pyenv("PYENV_ROOT", root.c_str());
    try {
      MakeAdapter("cpython2.7");
      FAIL() << "found a python2.7 where there is none";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "implementation cpython2.7: no python2.7 found: ASYNCHAT_PYTHON27 is unset, PATH has none (pyenv "
                "shims left out), nor has " + root + "/versions/2.7.*/bin/python2.7; install Python 2.7 (pyenv "
                "install 2.7.18) or set ASYNCHAT_PYTHON27 to its interpreter");
    }
    // The newest 2.7.N of the pyenv root is the one run.
    for (const char* version : {"2.7.9", "2.7.18"}) {
      std::filesystem::create_directories(root + "/versions/" + version + "/bin");
      std::ofstream f(root + "/versions/" + version + "/bin/python2.7");
      f << "#!/bin/sh\nread line\necho 'fatal \"pyenv " << version << "\"'\n";
      f.close();
      std::filesystem::permissions(root + "/versions/" + version + "/bin/python2.7", std::filesystem::perms::owner_all);
    }
    EXPECT_NE(MakeAdapter("cpython2.7")->info().startup_error.find("pyenv 2.7.18"), std::string::npos)
        << MakeAdapter("cpython2.7")->info().startup_error;
  }
}

TEST(AdapterFactory, Python27RunsTheStandardAsynchat) {
  std::unique_ptr<Adapter> a;
  try {
    a = MakeAdapter("cpython2.7");
  } catch (const std::invalid_argument& e) {
    GTEST_SKIP() << "skipped: no python2.7: " << e.what();
  }
  ASSERT_EQ(a->info().protocol_version, 2) << a->info().startup_error;
  EXPECT_EQ(a->info().implementation.rfind("CPython 2.7.", 0), 0u) << a->info().implementation;
  ExpectRunsTheEcho(*a);
}

// --python: python:FILE runs the Python adapter on the interpreter named,
// which is a file that can be run; the others keep their own.
TEST(AdapterFactory, PythonFileRunsOnTheInterpreterAsked) {
  namespace fs = std::filesystem;
  const std::string dir = fs::path(std::getenv("TEST_TMPDIR")) / "fake_python";
  fs::create_directories(dir);
  const std::string module = dir + "/chat.py";
  std::ofstream(module) << "async_chat = None\n";
  // An interpreter that writes down its arguments, then fails the handshake.
  const std::string fake = dir + "/fakepython";
  std::ofstream(fake) << "#!/bin/sh\necho \"$@\" > " << dir << "/argv\nread line\necho 'fatal \"fake python ran\"'\n";
  fs::permissions(fake, fs::perms::owner_all);
  EXPECT_NE(MakeAdapter("python:" + module, {}, fake)->info().startup_error.find("fake python ran"), std::string::npos);
  std::ifstream argv(dir + "/argv");
  std::string line;
  std::getline(argv, line);
  EXPECT_EQ(line, base::Runfile("conformance/adapters/python/asynchat_adapter.py") + " --impl file:" + module);
  {
    ScopedEnv path("PATH", ("/nonexistent:" + dir).c_str());
    EXPECT_EQ(PythonInterpreter("fakepython"), fake);
    EXPECT_NE(MakeAdapter("python:" + module, {}, "fakepython")->info().startup_error.find("fake python ran"),
              std::string::npos);
  }

  std::ofstream(dir + "/not_executable") << "#!/bin/sh\n";
  fs::permissions(dir + "/not_executable", fs::perms::owner_read | fs::perms::owner_write);
  const std::pair<std::string, std::string> bad[] = {
      {dir + "/missing", "--python " + dir + "/missing: no such file"},
      {dir, "--python " + dir + ": not a file"},
      {"no-such-python3.99", "--python no-such-python3.99: no executable no-such-python3.99 on PATH"},
  };
  for (const auto& [python, message] : bad) {
    try {
      MakeAdapter("python:" + module, {}, python);
      FAIL() << "accepted --python " << python;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
  if (geteuid() != 0) {  // root may run any file
    try {
      PythonInterpreter(dir + "/not_executable");
      FAIL() << "accepted a file that cannot be run";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()), "--python " + dir + "/not_executable: not executable");
    }
  }
}

// A port brings its own modules beside FILE (Python 3.12 has no asyncore):
// FILE's folder is on the import path, as when FILE is run.
TEST(AdapterFactory, PythonFileImportsItsNeighbours) {
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  namespace fs = std::filesystem;
  const std::string dir = fs::path(std::getenv("TEST_TMPDIR")) / "port";
  fs::create_directories(dir);
  std::ofstream(dir + "/port_helpers_beside.py") << "from asynchat import async_chat\n";
  std::ofstream(dir + "/chat.py") << "from port_helpers_beside import async_chat\n";
  std::unique_ptr<Adapter> a = MakeAdapter("python:" + dir + "/chat.py");
  ASSERT_EQ(a->info().protocol_version, 2) << a->info().startup_error;
  ExpectRunsTheEcho(*a);
}

TEST(AdapterFactory, BadSpecsAreInvalidArguments) {
  try {
    MakeAdapter("pypy");
    FAIL() << "accepted pypy";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown implementation 'pypy' (valid: model, reference, reference-process, cpython, cpython2.7, medusa, "
              "python:FILE)");
  }
  EXPECT_THROW(MakeAdapter("python:"), std::invalid_argument);
  try {
    MakeAdapter("python:/nonexistent/asynchat.py");
    FAIL() << "accepted a missing file";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read /nonexistent/asynchat.py"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MakeCommandAdapter(""), std::invalid_argument);
  EXPECT_THROW(MakeCommandAdapter("  \t "), std::invalid_argument);  // an unset variable with spaces around it
}

TEST(Runfiles, MissingFileNamesWhereItLooked) {
  EXPECT_FALSE(base::FindRunfile("no/such/file"));
  try {
    base::Runfile("no/such/file");
    FAIL();
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("cannot find no/such/file in the runfiles (looked in: "), std::string::npos) << what;
    EXPECT_NE(what.find("/asynchat_conformance"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace conformance
