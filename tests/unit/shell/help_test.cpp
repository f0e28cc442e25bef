// The command table: every command has a usage and help text, is listed by
// `help`, and its usage starts with its own name.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "shell/command_table.h"
#include "shell/shell.h"

namespace shell {
namespace {

TEST(Help, EveryCommandHasUsageAndHelp) {
  std::set<std::string> names;
  std::set<int> kinds;
  for (const CommandSpec& spec : command_table()) {
    SCOPED_TRACE(std::string(spec.name));
    EXPECT_FALSE(spec.help.empty());
    EXPECT_FALSE(spec.summary.empty());
    EXPECT_EQ(spec.summary.find('\n'), std::string_view::npos);
    EXPECT_LE(2 + 19 + 1 + spec.summary.size(), 80u) << "help list line fits 80 columns";
    EXPECT_EQ(spec.usage.substr(0, spec.name.size()), spec.name);
    EXPECT_NE(spec.help.back(), '\n');
    EXPECT_TRUE(names.insert(std::string(spec.name)).second) << "duplicate name";
    EXPECT_TRUE(kinds.insert(static_cast<int>(spec.kind)).second) << "duplicate kind";
    EXPECT_EQ(find_command(spec.name), &spec);
    EXPECT_EQ(&command_spec(spec.kind), &spec);
  }
  // Every kind except `none` is in the table.
  EXPECT_EQ(kinds.size(), static_cast<std::size_t>(CommandKind::idc_queue));
}

TEST(Help, TheIssuesCommandsAllExist) {
  for (const char* name : {"help",
                           "list",
                           "info",
                           "dmesg",
                           "create",
                           "destroy",
                           "pause",
                           "unpause",
                           "shutdown",
                           "vcpu-list",
                           "vcpu-pin",
                           "sched-rt",
                           "cpupool-list",
                           "cpupool-create",
                           "cpupool-destroy",
                           "cpupool-rename",
                           "cpupool-cpu-add",
                           "cpupool-cpu-remove",
                           "cpupool-migrate",
                           "cpupool-numa-split",
                           "admit",
                           "trace",
                           "idc-stats",
                           "idc-queue"}) {
    EXPECT_NE(find_command(name), nullptr) << name;
  }
  EXPECT_EQ(find_command("xl"), nullptr);
}

TEST(Help, ListMentionsEveryCommand) {
  Command c;
  c.kind = CommandKind::help;
  support::FixedString<4096> out;
  write_help(out.sink(), c);
  ASSERT_FALSE(out.truncated());
  std::string text(out.view());
  EXPECT_EQ(text.substr(0, 10), "Commands:\n");
  for (const CommandSpec& spec : command_table())
    EXPECT_NE(text.find("  " + std::string(spec.name) + " "), std::string::npos) << spec.name;
  EXPECT_NE(text.find("\n  cpupool-numa-split  Make one pool per NUMA node\n"), std::string::npos);
}

TEST(Help, TopicShowsUsageThenText) {
  Command c;
  c.kind = CommandKind::help;
  c.has_topic = true;
  c.topic = CommandKind::destroy;
  support::FixedString<512> out;
  write_help(out.sink(), c);
  EXPECT_EQ(out.view(),
            "usage: destroy <domain>\n"
            "End a domain at once and return its memory. Domain 0 cannot be destroyed.\n");
}

}  // namespace
}  // namespace shell
