// Configuration modules holding several domains separated by `---`: a bad
// block yields its error and no domain; the others are produced.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domcfg/parser.h"

namespace domcfg {
namespace {

std::vector<DomainOutcome> read_all(std::string_view text) {
  std::vector<DomainOutcome> all;
  ModuleReader reader(text);
  DomainOutcome o;
  while (reader.next(o)) all.push_back(o);
  return all;
}

TEST(Module, ThreeDomainsTheMiddleOneBad) {
  const char* text =
      "# boot domains\n"         // 1
      "name = \"rt1\"\n"         // 2
      "kernel = \"rt-tasks\"\n"  // 3
      "---\n"                    // 4
      "name = \"rt2\"\n"         // 5
      "kernel = \"rt-tasks\"\n"  // 6
      "budget = 20ms\n"          // 7
      "period = 10ms\n"          // 8
      "---\n"                    // 9
      "name = \"busy\"\n"        // 10
      "kernel = \"busy\"\n"      // 11
      "memory = 8\n";            // 12
  auto all = read_all(text);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].ok);
  EXPECT_EQ(all[0].config.name.view(), "rt1");
  EXPECT_EQ(all[0].first_line, 1u);
  EXPECT_FALSE(all[1].ok);
  EXPECT_EQ(all[1].first_line, 5u);
  EXPECT_EQ(all[1].error.line, 8u);
  EXPECT_STREQ(all[1].error.reason, "budget > period");
  EXPECT_TRUE(all[2].ok);
  EXPECT_EQ(all[2].config.name.view(), "busy");
  EXPECT_EQ(all[2].config.memory_mib, 8u);
  EXPECT_EQ(all[2].first_line, 10u);
}

TEST(Module, EmptyBlocksAndSurroundingSeparatorsAreSkipped) {
  const char* text =
      "---\n"                   // 1
      "\n"                      // 2
      "# nothing here\n"        // 3
      "---\n"                   // 4
      "name='a'\nkernel='k'\n"  // 5, 6
      "  ---  \r\n"             // 7 (spaces and CR around the separator)
      "name='b'\nkernel='k'\n"  // 8, 9
      "---\n";                  // 10
  auto all = read_all(text);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].config.name.view(), "a");
  EXPECT_EQ(all[0].first_line, 5u);
  EXPECT_EQ(all[1].config.name.view(), "b");
  EXPECT_EQ(all[1].first_line, 8u);
}

TEST(Module, ErrorLinesAreModuleLines) {
  const char* text =
      "name='a'\nkernel='k'\n"  // 1, 2
      "---\n"                   // 3
      "name='b'\n"              // 4
      "kernel='k'\n"            // 5
      "vcpus=2\n"               // 6
      "vcpu_sched=[\n"          // 7
      "  'vcpu=0',\n"           // 8
      "  'vcpu=5',\n"           // 9
      "]\n";                    // 10
  auto all = read_all(text);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].ok);
  EXPECT_FALSE(all[1].ok);
  EXPECT_EQ(all[1].error.line, 9u);
  EXPECT_STREQ(all[1].error.reason, "vcpu index >= vcpus");
}

TEST(Module, MissingNameReportsTheBlocksFirstLine) {
  auto all = read_all("name='a'\nkernel='k'\n---\nkernel='k'\n");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[1].ok);
  EXPECT_EQ(all[1].error.line, 4u);
  EXPECT_STREQ(all[1].error.reason, "missing name");
}

TEST(Module, UnterminatedListStopsAtTheSeparator) {
  auto all = read_all("name='a'\nkernel='k'\nvif=[ 'bridge=x',\n---\nname='b'\nkernel='k'\n");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_FALSE(all[0].ok);
  EXPECT_EQ(all[0].error.line, 3u);
  EXPECT_STREQ(all[0].error.reason, "unterminated list");
  EXPECT_TRUE(all[1].ok);
}

TEST(Module, EmptyModuleHasNoDomains) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\n\n# c\n---\n").empty());
}

TEST(Module, FourTrailingDashesAreNotASeparator) {
  auto all = read_all("name='a'\nkernel='k'\n----\n");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].ok);
  EXPECT_EQ(all[0].error.line, 3u);
  EXPECT_STREQ(all[0].error.reason, "expected a key");
}

}  // namespace
}  // namespace domcfg
