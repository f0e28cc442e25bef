// DomainConfig -> xl.cfg text -> DomainConfig round trips, and the module
// block reader.
#include <gtest/gtest.h>

#include <string>

#include "domcfg/parser.h"
#include "toolstack/config_text.h"

namespace toolstack {
namespace {

domcfg::DomainConfig inline_config(std::initializer_list<std::string_view> args) {
  std::vector<std::string_view> v(args);
  domcfg::DomainOutcome o = domcfg::parse_inline(v);
  EXPECT_TRUE(o.ok) << o.error.reason;
  return o.config;
}

std::string text_of(const domcfg::DomainConfig& c) {
  support::FixedString<4096> s;
  EXPECT_TRUE(write_config(s.sink(), c));
  return std::string(s.view());
}

TEST(ConfigText, RoundTripKeepsEveryField) {
  domcfg::DomainConfig c = inline_config(
      {"name=rt9", "kernel=rt-tasks", "cmdline=tasks=10000:2000:100 x=\"q\"", "memory=8", "vcpus=2",
       "pool=rt", "rt=1", "budget=3ms", "period=7ms", "server=sporadic", "priority=4", "cpus=0-1,3",
       "vcpu_sched=vcpu=1,rt=0,budget=250us,period=1ms"});
  std::string text = text_of(c);
  domcfg::DomainOutcome back = domcfg::parse_domain(text);
  ASSERT_TRUE(back.ok) << back.error.reason << "\n" << text;
  const domcfg::DomainConfig& b = back.config;
  EXPECT_EQ(b.name.view(), "rt9");
  EXPECT_EQ(b.kernel.view(), "rt-tasks");
  EXPECT_EQ(b.cmdline.view(), "tasks=10000:2000:100 x=\"q\"");
  EXPECT_EQ(b.memory_mib, 8u);
  EXPECT_EQ(b.vcpus, 2u);
  EXPECT_EQ(b.pool.view(), "rt");
  EXPECT_TRUE(b.vcpu[0].rt);
  EXPECT_EQ(b.vcpu[0].budget_ns, 3'000'000u);
  EXPECT_EQ(b.vcpu[0].period_ns, 7'000'000u);
  EXPECT_EQ(b.vcpu[0].server, domcfg::ServerKind::sporadic);
  EXPECT_EQ(b.vcpu[0].priority, 4u);
  EXPECT_TRUE(b.vcpu[0].affinity.test(0) && b.vcpu[0].affinity.test(1) &&
              b.vcpu[0].affinity.test(3));
  EXPECT_FALSE(b.vcpu[0].affinity.test(2));
  EXPECT_EQ(b.vcpu[0].affinity.count(), 3u);
  EXPECT_FALSE(b.vcpu[1].rt);
  EXPECT_EQ(b.vcpu[1].budget_ns, 250'000u);
  EXPECT_EQ(b.vcpu[1].period_ns, 1'000'000u);
}

TEST(ConfigText, DefaultsRoundTripAndQuotes) {
  domcfg::DomainConfig c = inline_config({"name=b", "kernel=busy"});
  domcfg::DomainOutcome back = domcfg::parse_domain(text_of(c));
  ASSERT_TRUE(back.ok);
  EXPECT_EQ(back.config.memory_mib, 16u);
  EXPECT_TRUE(back.config.vcpu[0].affinity.is_all());
  EXPECT_EQ(back.config.pool.view(), "Pool-0");
  c.cmdline.assign("a'b\"c");  // both quote characters: cannot be written
  support::FixedString<4096> s;
  EXPECT_FALSE(write_config(s.sink(), c));
}

TEST(ConfigText, BlocksSkipEmptyOnesAndKeepLineNumbers) {
  std::string_view text = "name=a\nkernel=busy\n---\n# only a comment\n\n---\nname=b\n";
  BlockReader r(text);
  std::string_view block;
  std::uint32_t line = 0;
  ASSERT_TRUE(r.next(block, line));
  EXPECT_EQ(block, "name=a\nkernel=busy\n");
  EXPECT_EQ(line, 1u);
  ASSERT_TRUE(r.next(block, line));
  EXPECT_EQ(block, "name=b\n");
  EXPECT_EQ(line, 7u);
  EXPECT_FALSE(r.next(block, line));
}

TEST(ConfigText, SeparatorWithSpacesAndNoTrailingNewline) {
  BlockReader r("  ---  \nname=x\n  ---\nname=y");
  std::string_view block;
  std::uint32_t line = 0;
  ASSERT_TRUE(r.next(block, line));
  EXPECT_EQ(block, "name=x\n");
  EXPECT_EQ(line, 2u);
  ASSERT_TRUE(r.next(block, line));
  EXPECT_EQ(block, "name=y");
  EXPECT_EQ(line, 4u);
  EXPECT_FALSE(r.next(block, line));
}

}  // namespace
}  // namespace toolstack
