// base/: a file is written whole or the failure names the path and why;
// folders are made only when the caller allows it, and a path is judged
// writable or not before anything is written; shell quoting keeps plain words and quotes everything else; a
// numeric option's text is a whole number in range or a message naming it.
#include <gtest/gtest.h>
#include <unistd.h>

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

std::string TmpDir() { return std::getenv("TEST_TMPDIR"); }

TEST(FileWriter, ReplacesContents) {
  WriteFile(TmpDir() + "/f.txt", std::string("first\0x", 7));
  WriteFile(TmpDir() + "/f.txt", "second");
  EXPECT_EQ(Read(TmpDir() + "/f.txt"), "second");
}

TEST(FileWriter, CreatesFoldersOnlyWhenAsked) {
  const std::string dir = TmpDir() + "/made/b";
  try {
    WriteFile(dir + "/f.txt", "x");
    FAIL() << "wrote into a folder that did not exist";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write " + dir + "/f.txt: its folder " + dir + " does not exist");
  }
  EXPECT_FALSE(std::filesystem::exists(TmpDir() + "/made"));
  WriteFile(dir + "/f.txt", "x", MissingFolders::kCreate);
  EXPECT_EQ(Read(dir + "/f.txt"), "x");
}

TEST(FileWriter, FailureNamesThePath) {
  const std::string file = TmpDir() + "/plain";
  WriteFile(file, "x");
  try {
    WriteFile(file + "/under_a_file.txt", "y", MissingFolders::kCreate);  // a file cannot be a directory
    FAIL() << "wrote under a regular file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
  }
}

TEST(FileWriter, ProblemsAreFoundBeforeWriting) {
  const std::string t = TmpDir();
  std::filesystem::create_directories(t + "/existing");
  WriteFile(t + "/regular", "x");
  EXPECT_EQ(FileWriteProblem(t + "/new.json"), "");
  EXPECT_EQ(FileWriteProblem(t + "/regular"), "");
  EXPECT_EQ(FileWriteProblem(t + "/existing"), "it is a directory");
  EXPECT_EQ(FileWriteProblem(t + "/missing/r.json"), "its folder " + t + "/missing does not exist");
  EXPECT_EQ(FileWriteProblem(t + "/regular/r.json"), t + "/regular is not a folder");
  EXPECT_FALSE(std::filesystem::exists(t + "/missing"));

  EXPECT_EQ(DirectoryWriteProblem(t + "/existing"), "");
  EXPECT_EQ(DirectoryWriteProblem(t + "/to_be_made"), "");
  EXPECT_EQ(DirectoryWriteProblem(t + "/to_be_made/"), "");
  EXPECT_EQ(DirectoryWriteProblem(t + "/regular"), "it is not a directory");
  EXPECT_EQ(DirectoryWriteProblem(t + "/missing/ce"), "its parent folder " + t + "/missing does not exist");
  EXPECT_FALSE(std::filesystem::exists(t + "/to_be_made"));

  if (geteuid() != 0) {  // root may write anywhere
    std::filesystem::create_directories(t + "/read_only");
    std::filesystem::permissions(t + "/read_only", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    EXPECT_EQ(FileWriteProblem(t + "/read_only/r.json"), "its folder " + t + "/read_only is not writable");
    EXPECT_EQ(DirectoryWriteProblem(t + "/read_only"), "it is not writable");
    std::filesystem::permissions(t + "/read_only", std::filesystem::perms::owner_all);
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
