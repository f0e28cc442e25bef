// Valid domain configurations: every key, defaults, lists spanning lines,
// comments, per-vCPU overrides and vif entries.
#include <gtest/gtest.h>

#include "domcfg/parser.h"

namespace domcfg {
namespace {

DomainConfig parse_ok(std::string_view text) {
  DomainOutcome o = parse_domain(text);
  EXPECT_TRUE(o.ok) << "line " << o.error.line << ": " << o.error.reason << " '"
                    << std::string(o.error.detail) << "'";
  return o.config;
}

TEST(ParseDomain, MinimalUsesDefaults) {
  DomainConfig c = parse_ok("name = \"rt1\"\nkernel = \"rt-tasks\"\n");
  EXPECT_EQ(c.name.view(), "rt1");
  EXPECT_EQ(c.kernel.view(), "rt-tasks");
  EXPECT_EQ(c.cmdline.view(), "");
  EXPECT_EQ(c.pool.view(), "Pool-0");
  EXPECT_EQ(c.memory_mib, 16u);
  EXPECT_EQ(c.vcpus, 1u);
  EXPECT_EQ(c.vif_count, 0u);
  EXPECT_EQ(c.vcpu[0].server, ServerKind::deferrable);
  EXPECT_EQ(c.vcpu[0].budget_ns, 4'000'000u);
  EXPECT_EQ(c.vcpu[0].period_ns, 10'000'000u);
  EXPECT_EQ(c.vcpu[0].priority, 0u);
  EXPECT_FALSE(c.vcpu[0].rt);
  EXPECT_TRUE(c.vcpu[0].affinity.is_all());
}

TEST(ParseDomain, EveryKey) {
  DomainConfig c = parse_ok(R"(# a real-time domain
name = "rt1"
kernel = 'rt-tasks'
cmdline = "tasks=10:2:100 verbose"
memory = 32
vcpus = 4
pool = "rt"
cpus = "0-3,5"
server = "sporadic"
budget = 2500
period = "10ms"
priority = 7
rt = 1
)");
  EXPECT_EQ(c.name.view(), "rt1");
  EXPECT_EQ(c.kernel.view(), "rt-tasks");
  EXPECT_EQ(c.cmdline.view(), "tasks=10:2:100 verbose");
  EXPECT_EQ(c.memory_mib, 32u);
  EXPECT_EQ(c.vcpus, 4u);
  EXPECT_EQ(c.pool.view(), "rt");
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(c.vcpu[i].server, ServerKind::sporadic);
    EXPECT_EQ(c.vcpu[i].budget_ns, 2'500'000u);
    EXPECT_EQ(c.vcpu[i].period_ns, 10'000'000u);
    EXPECT_EQ(c.vcpu[i].priority, 7u);
    EXPECT_TRUE(c.vcpu[i].rt);
    EXPECT_EQ(c.vcpu[i].affinity.count(), 5u);
    EXPECT_TRUE(c.vcpu[i].affinity.test(5));
    EXPECT_FALSE(c.vcpu[i].affinity.test(4));
  }
}

TEST(ParseDomain, ExtraIsAnAliasOfCmdline) {
  DomainConfig c = parse_ok("name='a'\nkernel='k'\nextra='console=hvc0'\n");
  EXPECT_EQ(c.cmdline.view(), "console=hvc0");
}

TEST(ParseDomain, CommentsBlanksCrlfAndNoFinalNewline) {
  DomainConfig c = parse_ok(
      "\r\n   # leading comment\r\n\tname = \"a\"\r\ncmdline = \"a#b\"   # trailing comment\r\n"
      "\r\nkernel=\"k\"");
  EXPECT_EQ(c.name.view(), "a");
  EXPECT_EQ(c.cmdline.view(), "a#b") << "a # inside quotes is text";
  EXPECT_EQ(c.kernel.view(), "k");
}

TEST(ParseDomain, SecondsAndNanosecondUnits) {
  DomainConfig c = parse_ok("name='a'\nkernel='k'\nbudget=\"500us\"\nperiod=1s\n");
  EXPECT_EQ(c.vcpu[0].budget_ns, 500'000u);
  EXPECT_EQ(c.vcpu[0].period_ns, 1'000'000'000u);
  c = parse_ok("name='a'\nkernel='k'\nbudget=10000ns\nperiod=10us\n");
  EXPECT_EQ(c.vcpu[0].budget_ns, 10'000u);
  EXPECT_EQ(c.vcpu[0].period_ns, 10'000u);
}

TEST(ParseDomain, BudgetEqualToPeriodIsFine) {
  DomainConfig c = parse_ok("name='a'\nkernel='k'\nbudget=10ms\nperiod=10000\n");
  EXPECT_EQ(c.vcpu[0].budget_ns, c.vcpu[0].period_ns);
}

TEST(ParseDomain, VcpuSchedOverridesOneVcpu) {
  DomainConfig c = parse_ok(R"(name = "rt2"
kernel = "rt-tasks"
vcpus = 3
server = "deferrable"
budget = 4ms
period = 10ms
priority = 1
rt = 1
vcpu_sched = [ "vcpu=1,server=sporadic,budget=2ms,period=10ms,priority=3,rt=1,cpus=1" ]
)");
  EXPECT_EQ(c.vcpu[0].server, ServerKind::deferrable);
  EXPECT_EQ(c.vcpu[0].budget_ns, 4'000'000u);
  EXPECT_EQ(c.vcpu[0].priority, 1u);
  EXPECT_TRUE(c.vcpu[0].affinity.is_all());
  EXPECT_EQ(c.vcpu[1].server, ServerKind::sporadic);
  EXPECT_EQ(c.vcpu[1].budget_ns, 2'000'000u);
  EXPECT_EQ(c.vcpu[1].period_ns, 10'000'000u);
  EXPECT_EQ(c.vcpu[1].priority, 3u);
  EXPECT_TRUE(c.vcpu[1].rt);
  EXPECT_EQ(c.vcpu[1].affinity.count(), 1u);
  EXPECT_TRUE(c.vcpu[1].affinity.test(1));
  EXPECT_EQ(c.vcpu[2].server, ServerKind::deferrable);
  EXPECT_EQ(c.vcpu[2].budget_ns, 4'000'000u);
}

TEST(ParseDomain, VcpuSchedListSpansLinesWithCommentsAndTrailingComma) {
  DomainConfig c = parse_ok(R"(name = "rt3"
kernel = "k"
vcpus = 2
vcpu_sched = [
  # the first vCPU is non-real-time
  "vcpu=0,rt=0",
  'vcpu=1,rt=1,budget=1ms,period=5ms,cpus=0-1,3,server=crps',   # pinned
]
memory = 8
)");
  EXPECT_FALSE(c.vcpu[0].rt);
  EXPECT_TRUE(c.vcpu[1].rt);
  EXPECT_EQ(c.vcpu[1].budget_ns, 1'000'000u);
  EXPECT_EQ(c.vcpu[1].period_ns, 5'000'000u);
  EXPECT_EQ(c.vcpu[1].server, ServerKind::crps);
  EXPECT_EQ(c.vcpu[1].affinity.count(), 3u) << "cpus=0-1,3 keeps its comma";
  EXPECT_TRUE(c.vcpu[1].affinity.test(3));
  EXPECT_EQ(c.memory_mib, 8u) << "parsing continues after the list";
}

TEST(ParseDomain, VcpuOverrideMayRaiseBudgetAboveDomainDefaultWithItsOwnPeriod) {
  DomainConfig c = parse_ok(
      "name='a'\nkernel='k'\nvcpus=2\nbudget=1ms\nperiod=2ms\n"
      "vcpu_sched=['vcpu=1,budget=8ms,period=20ms']\n");
  EXPECT_EQ(c.vcpu[0].period_ns, 2'000'000u);
  EXPECT_EQ(c.vcpu[1].budget_ns, 8'000'000u);
  EXPECT_EQ(c.vcpu[1].period_ns, 20'000'000u);
}

TEST(ParseDomain, EightVcpusWithEveryServer) {
  DomainConfig c = parse_ok(R"(name="big"
kernel="k"
vcpus=8
vcpu_sched=["vcpu=0,server=deferrable", "vcpu=1,server=periodic", "vcpu=2,server=polling",
            "vcpu=3,server=sporadic", "vcpu=4,server=wcps", "vcpu=5,server=crps",
            "vcpu=7,priority=255"]
)");
  EXPECT_EQ(c.vcpus, 8u);
  EXPECT_EQ(c.vcpu[1].server, ServerKind::periodic);
  EXPECT_EQ(c.vcpu[2].server, ServerKind::polling);
  EXPECT_EQ(c.vcpu[4].server, ServerKind::wcps);
  EXPECT_EQ(c.vcpu[5].server, ServerKind::crps);
  EXPECT_EQ(c.vcpu[6].server, ServerKind::deferrable);
  EXPECT_EQ(c.vcpu[7].priority, 255u);
}

TEST(ParseDomain, Vifs) {
  DomainConfig c = parse_ok(R"(name="net1"
kernel="k"
vif = [ 'mac=00:16:3e:00:00:01,bridge=br0', 'bridge=br1', "mac=00:16:3E:0a:0b:0c" ]
)");
  ASSERT_EQ(c.vif_count, 3u);
  EXPECT_TRUE(c.vif[0].has_mac);
  EXPECT_EQ(c.vif[0].mac.bytes[2], 0x3e);
  EXPECT_EQ(c.vif[0].mac.bytes[5], 0x01);
  EXPECT_EQ(c.vif[0].bridge.view(), "br0");
  EXPECT_FALSE(c.vif[1].has_mac);
  EXPECT_EQ(c.vif[1].bridge.view(), "br1");
  EXPECT_EQ(c.vif[2].bridge.view(), "");
  EXPECT_EQ(c.vif[2].mac.bytes[3], 0x0a);
}

TEST(ParseDomain, LimitsAtTheirBounds) {
  std::string text = "name=\"" + std::string(31, 'n') + "\"\nkernel=\"" + std::string(63, 'k') +
                     "\"\ncmdline=\"" + std::string(255, 'c') +
                     "\"\nmemory=65536\nvcpus=8\npriority=255\nbudget=10us\nperiod=10s\n";
  DomainConfig c = parse_ok(text);
  EXPECT_EQ(c.name.size(), 31u);
  EXPECT_EQ(c.kernel.size(), 63u);
  EXPECT_EQ(c.cmdline.size(), 255u);
  EXPECT_EQ(c.memory_mib, 65536u);
  EXPECT_EQ(c.vcpu[7].budget_ns, 10'000u);
  EXPECT_EQ(c.vcpu[7].period_ns, 10'000'000'000u);
}

TEST(ParseDomain, OutcomeRecordsFirstLine) {
  DomainOutcome o = parse_domain("name='a'\nkernel='k'\n", 40);
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(o.first_line, 40u);
}

}  // namespace
}  // namespace domcfg
