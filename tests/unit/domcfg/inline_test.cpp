// Inline `key=value` arguments from a shell command line, through the same
// key handling as configuration files.
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "domcfg/parser.h"

namespace domcfg {
namespace {

DomainOutcome parse(std::vector<std::string_view> args) { return parse_inline(args); }

TEST(Inline, CreateLine) {
  DomainOutcome o = parse({"name=x", "kernel=busy", "memory=8"});
  ASSERT_TRUE(o.ok) << o.error.reason;
  EXPECT_EQ(o.config.name.view(), "x");
  EXPECT_EQ(o.config.kernel.view(), "busy");
  EXPECT_EQ(o.config.memory_mib, 8u);
  EXPECT_EQ(o.config.vcpus, 1u);
}

TEST(Inline, ValuesAreLiteralAndListsWork) {
  DomainOutcome o =
      parse({"name=rt", "kernel=rt-tasks", "cmdline=tasks=1 verbose", "vcpus=2", "server=polling",
             "budget=2ms", "period=8ms", "rt=1", "cpus=0-1",
             "vcpu_sched=['vcpu=1,priority=4,cpus=1']", "vif=mac=00:16:3e:00:00:02,bridge=br0"});
  ASSERT_TRUE(o.ok) << o.error.line << " " << o.error.reason;
  EXPECT_EQ(o.config.cmdline.view(), "tasks=1 verbose");
  EXPECT_EQ(o.config.vcpu[0].server, ServerKind::polling);
  EXPECT_EQ(o.config.vcpu[0].budget_ns, 2'000'000u);
  EXPECT_EQ(o.config.vcpu[0].period_ns, 8'000'000u);
  EXPECT_EQ(o.config.vcpu[0].affinity.count(), 2u);
  EXPECT_EQ(o.config.vcpu[1].priority, 4u);
  EXPECT_EQ(o.config.vcpu[1].affinity.count(), 1u);
  EXPECT_TRUE(o.config.vcpu[1].rt);
  ASSERT_EQ(o.config.vif_count, 1u);
  EXPECT_EQ(o.config.vif[0].mac.bytes[5], 2);
}

TEST(Inline, ErrorsNameTheArgument) {
  DomainOutcome o = parse({"name=x", "kernel=busy", "memory=zz"});
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error.line, 3u);
  EXPECT_STREQ(o.error.reason, "memory out of range (1-65536 MiB)");
  EXPECT_EQ(o.error.detail, "zz");

  o = parse({"name=x", "busy"});
  EXPECT_EQ(o.error.line, 2u);
  EXPECT_STREQ(o.error.reason, "expected key=value");
  EXPECT_EQ(o.error.detail, "busy");

  o = parse({"=x"});
  EXPECT_EQ(o.error.line, 1u);
  EXPECT_STREQ(o.error.reason, "expected key=value");

  o = parse({"name=x", "kernel=k", "colour=red"});
  EXPECT_EQ(o.error.line, 3u);
  EXPECT_STREQ(o.error.reason, "unknown key");
  EXPECT_EQ(o.error.detail, "colour");

  o = parse({"name=x", "name=y", "kernel=k"});
  EXPECT_EQ(o.error.line, 2u);
  EXPECT_STREQ(o.error.reason, "duplicate key");

  o = parse({"name=x", "kernel=k", "vif=[ 'bridge=a'"});
  EXPECT_EQ(o.error.line, 3u);
  EXPECT_STREQ(o.error.reason, "unterminated list");
}

TEST(Inline, MissingKeysHaveNoArgumentLine) {
  DomainOutcome o = parse({"kernel=busy"});
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.error.line, 0u);
  EXPECT_STREQ(o.error.reason, "missing name");
  o = parse({});
  EXPECT_STREQ(o.error.reason, "missing name");
  o = parse({"name=a", "kernel=k", "budget=11ms"});
  EXPECT_EQ(o.error.line, 3u);
  EXPECT_STREQ(o.error.reason, "budget > period");
}

}  // namespace
}  // namespace domcfg
