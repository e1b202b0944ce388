// base/: a file is written whole (directories created) or the failure names
// the path; shell quoting keeps plain words and quotes everything else; a
// numeric option's text is a whole number in range or a message naming it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "base/file_writer.h"
#include "base/shell_quote.h"
#include "base/whole_number_option.h"

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

TEST(WholeNumberOption, AcceptsDigitsUpToTheMaximum) {
  EXPECT_EQ(WholeNumberProblem("0", 10, "a count"), "");
  EXPECT_EQ(WholeNumberProblem("10", 10, "a count"), "");
  EXPECT_EQ(WholeNumberProblem("18446744073709551615", UINT64_MAX, "a seed"), "");
}

TEST(WholeNumberOption, RefusesWhatCli11WouldWrapOrSaturate) {
  for (const char* text : {"-1", "11", "", "1e3", " 5", "+5", "5.0", "18446744073709551616", "99999999999999999999999"}) {
    const std::string problem = WholeNumberProblem(text, 10, "a count");
    EXPECT_EQ(problem, "'" + std::string(text) + "' is not a count: give a whole number from 0 to 10") << text;
  }
}

TEST(WholeNumberOption, RunsInsideCli11) {
  CLI::App app;
  std::uint64_t n = 7;
  app.add_option("--n", n)->check(WholeNumberUpTo(100, "a count"));
  EXPECT_THROW(app.parse(std::vector<std::string>{"-1", "--n"}), CLI::ValidationError);  // reversed argv
  EXPECT_EQ(n, 7u);
  app.parse(std::vector<std::string>{"42", "--n"});
  EXPECT_EQ(n, 42u);
}

}  // namespace
}  // namespace base
