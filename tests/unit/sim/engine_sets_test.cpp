// The engine's bookkeeping structures (index_set.h, min_tree.h) against
// brute force, and the sized benchmark scenario (gen_scale).
#include <gtest/gtest.h>

#include <set>

#include "sim/generators.h"
#include "sim/index_set.h"
#include "sim/min_tree.h"
#include "sim/rng.h"
#include "sim/scenario.h"

using namespace sim;

TEST(IndexSet, AscendingTakeLowestAndClear) {
  IndexSet s;
  s.resize(200);
  for (std::size_t i : {130u, 3u, 64u, 199u, 3u, 500u}) s.set(i);  // 500: out of range, ignored
  std::vector<std::uint32_t> seen;
  s.for_each([&](std::uint32_t i) { seen.push_back(i); });
  EXPECT_EQ(seen, (std::vector<std::uint32_t>{3, 64, 130, 199}));
  EXPECT_TRUE(s.test(64));
  EXPECT_FALSE(s.test(65));
  EXPECT_EQ(s.take_lowest(), 3u);
  EXPECT_EQ(s.take_lowest(), 64u);
  s.clear();
  EXPECT_EQ(s.take_lowest(), IndexSet::kNone);
}

TEST(MinTree, MatchesBruteForceUnderRandomUpdates) {
  for (std::size_t n : {1u, 5u, 64u, 100u}) {
    MinTree t;
    t.resize(n);
    std::vector<Time> ref(n, kNever);
    Rng rng(n);
    for (int step = 0; step < 2000; ++step) {
      const auto i =
          static_cast<std::uint32_t>(rng.uniform_int(0, static_cast<std::int64_t>(n) - 1));
      const Time v = rng.uniform_int(0, 9) == 0 ? kNever : rng.uniform_int(0, 1000);
      t.set(i, v);
      ref[i] = v;
      Time lo = kNever;
      for (Time x : ref) lo = std::min(lo, x);
      ASSERT_EQ(t.earliest(), lo);
      ASSERT_EQ(t.at(i), v);
      const Time now = rng.uniform_int(0, 1000);
      std::vector<std::uint32_t> due, want;
      t.for_each_due(now, [&](std::uint32_t k) { due.push_back(k); });
      for (std::uint32_t k = 0; k < n; ++k)
        if (ref[k] <= now) want.push_back(k);
      ASSERT_EQ(due, want);
    }
  }
}

TEST(Generators, ScaleHasTheAskedSizeAndIsReproducible) {
  const Scenario s = gen_scale(1000, 64, Placement::partitioned, 1);
  EXPECT_EQ(validate(s), "");
  EXPECT_EQ(s.vcpu_count(), 1000u);
  EXPECT_EQ(s.pcpu_count(), 64u);
  EXPECT_EQ(s.domains.size(), 250u);
  double bw = 0;
  for (const auto& d : s.domains)
    for (const auto& v : d.vcpus) {
      ASSERT_EQ(v.cpus.size(), 1u);
      bw += static_cast<double>(v.budget) / static_cast<double>(v.period);
    }
  EXPECT_NEAR(bw, 0.8 * 64, 0.5);  // 80% of the pool, up to rounding budgets to us
  EXPECT_EQ(scenario_to_json(s), scenario_to_json(gen_scale(1000, 64, Placement::partitioned, 1)));
  const Scenario g = gen_scale(10, 3, Placement::global, 2);
  EXPECT_EQ(g.domains.size(), 3u);  // 4 + 4 + 2
  EXPECT_TRUE(g.domains[0].vcpus[0].cpus.empty());
}
