// base/: a file is written whole (directories created) or the failure names
// the path; shell quoting keeps plain words and quotes everything else.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "base/file_writer.h"
#include "base/shell_quote.h"

namespace base {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(FileWriter, CreatesDirectoriesAndReplacesContents) {
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/a/b";
  WriteFile(dir + "/f.txt", std::string("first\0x", 7));
  WriteFile(dir + "/f.txt", "second");
  EXPECT_EQ(Read(dir + "/f.txt"), "second");
}

TEST(FileWriter, FailureNamesThePath) {
  const std::string file = std::string(std::getenv("TEST_TMPDIR")) + "/plain";
  WriteFile(file, "x");
  try {
    WriteFile(file + "/under_a_file.txt", "y");  // a file cannot be a directory
    FAIL() << "wrote under a regular file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
  }
}

TEST(ShellQuote, PlainWordsStayQuotedOthersDoNot) {
  EXPECT_EQ(ShellQuote("conformance/implementations/medusa/counterexamples/a.b.trace"),
            "conformance/implementations/medusa/counterexamples/a.b.trace");
  EXPECT_EQ(ShellQuote("my file's.py"), "'my file'\\''s.py'");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("a;rm -rf"), "'a;rm -rf'");
}

}  // namespace
}  // namespace base
