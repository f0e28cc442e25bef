// Scenario files: durations, CPU lists, a full file, round trip, refusals.
#include <gtest/gtest.h>

#include "sim/scenario.h"

using namespace sim;

TEST(Scenario, Durations) {
  Time t = 0;
  EXPECT_TRUE(parse_duration("10ms", t));
  EXPECT_EQ(t, 10 * kMs);
  EXPECT_TRUE(parse_duration("250us", t));
  EXPECT_EQ(t, 250 * kUs);
  EXPECT_TRUE(parse_duration("1.5s", t));
  EXPECT_EQ(t, 1500 * kMs);
  EXPECT_TRUE(parse_duration("7ns", t));
  EXPECT_EQ(t, 7);
  EXPECT_TRUE(parse_duration("4", t));
  EXPECT_EQ(t, 4 * kMs);
  EXPECT_FALSE(parse_duration("", t));
  EXPECT_FALSE(parse_duration("ms", t));
  EXPECT_FALSE(parse_duration("1.2.3ms", t));
  EXPECT_FALSE(parse_duration("10 ms", t));
  EXPECT_FALSE(parse_duration("-1ms", t));
  EXPECT_FALSE(parse_duration("5min", t));
}

TEST(Scenario, CpuLists) {
  std::vector<std::uint32_t> c;
  EXPECT_TRUE(parse_cpu_list("0-3,6", c));
  EXPECT_EQ(c, (std::vector<std::uint32_t>{0, 1, 2, 3, 6}));
  EXPECT_TRUE(parse_cpu_list("2", c));
  EXPECT_EQ(c, (std::vector<std::uint32_t>{2}));
  EXPECT_FALSE(parse_cpu_list("3-1", c));
  EXPECT_FALSE(parse_cpu_list("a", c));
  EXPECT_FALSE(parse_cpu_list("1,,2", c));
  EXPECT_FALSE(parse_cpu_list("", c));
  EXPECT_FALSE(parse_cpu_list("99999", c));
}

namespace {
const char* kGood = R"({
  "name": "demo", "duration": "2s", "seed": 9,
  "pools": [{"name": "rt", "cpus": "0-1", "server": "deferrable", "priority": "edf", "placement": "global"}],
  "domains": [
    {"name": "a", "pool": "rt", "vcpus": 2, "budget": "4ms", "period": "10ms", "rt": 1,
     "vcpu": [{"budget": "5ms", "cpus": "1", "phase": "3ms"}], "guest": "edf", "guest_placement": "global",
     "tasks": [{"name": "x", "period": 20, "wcet": "3ms", "etf": 0.5}, {"period": "30ms", "wcet": "250us"}]},
    {"name": "b", "pool": "rt", "busy": true, "budget": "10ms", "period": "10ms", "rt": false}
  ]})";
}

TEST(Scenario, ParsesAFullFile) {
  auto r = parse_scenario(kGood);
  ASSERT_TRUE(r.ok) << r.error;
  const auto& s = r.scenario;
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.duration, 2 * kSec);
  EXPECT_EQ(s.seed, 9u);
  ASSERT_EQ(s.pools.size(), 1u);
  EXPECT_EQ(s.pools[0].priority, PriorityScheme::edf);
  EXPECT_EQ(s.pools[0].placement, Placement::global);
  ASSERT_EQ(s.domains.size(), 2u);
  const auto& a = s.domains[0];
  ASSERT_EQ(a.vcpus.size(), 2u);
  EXPECT_EQ(a.vcpus[0].budget, 5 * kMs);  // per-vCPU override
  EXPECT_EQ(a.vcpus[1].budget, 4 * kMs);  // domain default
  EXPECT_EQ(a.vcpus[0].cpus, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(a.vcpus[0].phase, 3 * kMs);
  EXPECT_EQ(a.vcpus[1].phase, 0);
  EXPECT_EQ(a.tasks[0].period, 20 * kMs);
  EXPECT_EQ(a.tasks[1].name, "t2");
  EXPECT_EQ(a.tasks[1].wcet, 250 * kUs);
  EXPECT_DOUBLE_EQ(a.tasks[0].etf, 0.5);
  EXPECT_TRUE(s.domains[1].busy);
  EXPECT_FALSE(s.domains[1].vcpus[0].rt);
  EXPECT_EQ(s.pcpu_count(), 2u);
  EXPECT_EQ(s.vcpu_count(), 3u);
}

TEST(Scenario, RoundTrips) {
  auto r = parse_scenario(kGood);
  ASSERT_TRUE(r.ok);
  auto again = parse_scenario(scenario_to_json(r.scenario));
  ASSERT_TRUE(again.ok) << again.error;
  EXPECT_EQ(scenario_to_json(again.scenario), scenario_to_json(r.scenario));
}

namespace {
std::string bad(const std::string& text) {
  auto r = parse_scenario(text);
  EXPECT_FALSE(r.ok);
  return r.error;
}
const char* kPool = R"("pools": [{"cpus": "0"}])";
}  // namespace

TEST(Scenario, RefusalsNameTheKey) {
  EXPECT_EQ(bad("{"), "not valid JSON");
  EXPECT_NE(bad(R"({"pools": []})").find("domains"), std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "period": "10ms", "budget": "11ms"}]})")
                .find("budget"),
            std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "period": "10ms", "budget": "1ms", "colour": 1}]})")
                .find("colour: unknown key"),
            std::string::npos);
  EXPECT_NE(
      bad(std::string("{") + kPool +
          R"(, "domains": [{"name": "a", "period": "10ms", "budget": "1ms", "tasks": [{"period": 10, "wcet": 0}]}]})")
          .find("tasks[0].wcet"),
      std::string::npos);
  EXPECT_NE(
      bad(std::string("{") + kPool +
          R"(, "domains": [{"name": "a", "period": "10ms", "budget": "1ms", "tasks": [{"period": 10, "wcet": 1, "etf": 0}]}]})")
          .find("etf"),
      std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "pool": "x", "period": 10, "budget": 1}]})")
                .find("no pool named"),
            std::string::npos);
  EXPECT_NE(
      bad(R"({"pools": [{"name": "p", "cpus": "0"}, {"name": "q", "cpus": "0-1"}], "domains": []})")
          .find("two pools"),
      std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "period": 10, "budget": 1, "cpus": "3"}]})")
                .find("not in pool"),
            std::string::npos);
  EXPECT_NE(
      bad(std::string("{") + kPool +
          R"(, "domains": [{"name": "a", "period": 10, "budget": 1, "tasks": [{"period": 10, "wcet": 1, "vcpu": 1}]}]})")
          .find("vcpu"),
      std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "period": 10, "budget": 1, "server": "magic"}]})")
                .find("unknown server"),
            std::string::npos);
  EXPECT_NE(bad(std::string("{") + kPool +
                R"(, "domains": [{"name": "a", "period": "10 parsecs", "budget": 1}]})")
                .find("period"),
            std::string::npos);
}
