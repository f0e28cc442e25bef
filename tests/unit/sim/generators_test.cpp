// Task-set generators: the thesis' parameters, reproducibility, totals.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/generators.h"
#include "sim/scenario.h"

using namespace sim;

TEST(Generators, RtXen1FollowsTable23) {
  auto s = gen_rtxen1(0.7, ShareCase::even, ServerKind::deferrable, 1, false);
  EXPECT_EQ(validate(s), "");
  ASSERT_EQ(s.domains.size(), 5u);
  const Time budgets[] = {2, 4, 6, 8, 10}, periods[] = {10, 20, 30, 40, 50};
  for (int d = 0; d < 5; ++d) {
    const auto& dom = s.domains[static_cast<std::size_t>(d)];
    EXPECT_EQ(dom.vcpus[0].budget, budgets[d] * kMs);
    EXPECT_EQ(dom.vcpus[0].period, periods[d] * kMs);
    EXPECT_EQ(dom.vcpus[0].priority, d + 1);
    ASSERT_EQ(dom.tasks.size(), 5u);
    for (const auto& t : dom.tasks) {
      EXPECT_GE(t.wcet, 5 * kMs);
      EXPECT_LE(t.wcet, 10 * kMs);
      EXPECT_EQ(t.period % kMs, 0);
    }
    // Load = share (20%) x alpha, up to the rounding of periods to whole ms.
    EXPECT_NEAR(utilization(dom.tasks), 0.2 * 0.7, 0.01);
  }
  auto inc = gen_rtxen1(0.5, ShareCase::increasing, ServerKind::deferrable, 1, false);
  EXPECT_EQ(inc.domains[4].vcpus[0].period, 20 * kMs);
  EXPECT_NEAR(utilization(inc.domains[4].tasks), 0.5 * 0.5, 0.01);
}

TEST(Generators, RtXen1OverloadAdds10PercentToDomain3HighestPriorityTask) {
  auto normal = gen_rtxen1(0.7, ShareCase::even, ServerKind::deferrable, 3, false);
  auto over = gen_rtxen1(0.7, ShareCase::even, ServerKind::deferrable, 3, true);
  // Domain 3 load: 0.2 x 0.7 = 14%, plus 10 points (up to period rounding).
  EXPECT_NEAR(utilization(over.domains[2].tasks), 0.24, 0.01);
  EXPECT_EQ(scenario_to_json(normal).size() > 0, true);
  for (int d : {0, 1, 3, 4})
    EXPECT_EQ(utilization(normal.domains[static_cast<std::size_t>(d)].tasks),
              utilization(over.domains[static_cast<std::size_t>(d)].tasks));
}

TEST(Generators, UniformTasksReachUw) {
  std::vector<int> dom;
  auto t = gen_uniform_tasks(0.9, 350 * kMs, 850 * kMs, 5, dom);
  const double u = utilization(t);
  EXPECT_GE(u, 0.9);
  EXPECT_LE(u, 0.9 + 0.06);  // one more task of at most 5% (+ rounding)
  ASSERT_EQ(dom.size(), t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_GE(t[i].period, 350 * kMs);
    EXPECT_LE(t[i].period, 850 * kMs);
    EXPECT_GE(dom[i], 0);
    EXPECT_LE(dom[i], 4);
  }
  std::vector<int> dom2;
  auto again = gen_uniform_tasks(0.9, 350 * kMs, 850 * kMs, 5, dom2);
  ASSERT_EQ(again.size(), t.size());
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_EQ(again[i].wcet, t[i].wcet);
  EXPECT_EQ(dom, dom2);
}

TEST(Generators, BimodalHitsTheTargetUtilization) {
  for (double u : {1.1, 2.5, 4.9}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      auto t = gen_bimodal_tasks(u, seed);
      EXPECT_NEAR(utilization(t), u, 1e-4 * double(t.size() + 1));
      for (const auto& x : t) {
        EXPECT_GE(x.period, 350 * kMs);
        EXPECT_LE(x.period, 850 * kMs);
        EXPECT_LE(double(x.wcet) / double(x.period), 0.9 + 1e-6);
      }
    }
  }
}

TEST(Generators, BimodalMixIsAboutOneThirdHeavy) {
  int heavy = 0, total = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed)
    for (const auto& x : gen_bimodal_tasks(4.9, seed)) {
      heavy += double(x.wcet) / double(x.period) >= 0.5;
      ++total;
    }
  // The pad task skews it slightly; 1/3 within a few percent.
  EXPECT_NEAR(double(heavy) / total, 1.0 / 3.0, 0.05);
}
