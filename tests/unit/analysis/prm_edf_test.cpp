// EDF on a periodic resource: hand-computed budgets and exhaustive
// agreement with the worst-case simulation oracle.
#include "analysis/prm_edf.h"

#include <gtest/gtest.h>

#include <array>

#include "oracle.h"

namespace {

using namespace analysis;
using support::Errc;

TEST(PrmEdf, HandComputedSingleTask) {
  // One task (10, 2) on period 5: the first deadline t = 10 sees exactly
  // one ramp of the supply, so sbf(10) = Theta must reach 2.
  std::array<Task, 1> ts{Task::implicit(10, 2)};
  auto mb = edf_min_budget(ts, 5);
  ASSERT_TRUE(mb.ok());
  ASSERT_TRUE(mb->feasible);
  EXPECT_EQ(mb->budget, Rational::integer(2));
  EXPECT_TRUE(*edf_schedulable(ts, Resource::integer(5, 2)));
  EXPECT_FALSE(*edf_schedulable(ts, Resource{5, make_rational(19, 10)}));
}

TEST(PrmEdf, HandComputedRationalBudget) {
  // One task (7, 3) on period 4. t = 7: u = 2 Theta - 1, which needs the
  // ramp to deliver 3: with k = 1 (Theta >= 2.5): Theta + min(2Theta - 5,
  // Theta) >= 3 -> 3 Theta >= 8 -> Theta = 8/3. Later deadlines need less.
  std::array<Task, 1> ts{Task::implicit(7, 3)};
  auto mb = edf_min_budget(ts, 4);
  ASSERT_TRUE(mb.ok());
  ASSERT_TRUE(mb->feasible);
  EXPECT_EQ(mb->budget, make_rational(8, 3));
  EXPECT_EQ(ceil(mb->budget), 3);
  EXPECT_EQ(oracle::min_budget({Task::implicit(7, 3)}, 4, oracle::Policy::edf), 3);
}

TEST(PrmEdf, FullUtilizationNeedsDedicatedCpu) {
  std::array<Task, 3> ts{Task::implicit(3, 1), Task::implicit(6, 1), Task::implicit(2, 1)};
  auto mb = edf_min_budget(ts, 5);
  ASSERT_TRUE(mb.ok());
  ASSERT_TRUE(mb->feasible);
  EXPECT_EQ(mb->budget, Rational::integer(5));
  EXPECT_TRUE(*edf_schedulable(ts, Resource::integer(6, 6)));
  EXPECT_FALSE(*edf_schedulable(ts, Resource{6, make_rational(59, 10)}));
}

TEST(PrmEdf, OverloadIsInfeasible) {
  std::array<Task, 2> ts{Task::implicit(4, 3), Task::implicit(8, 3)};
  auto mb = edf_min_budget(ts, 2);
  ASSERT_TRUE(mb.ok());
  EXPECT_FALSE(mb->feasible);
  EXPECT_FALSE(*edf_schedulable(ts, Resource::integer(2, 2)));
}

TEST(PrmEdf, RejectsBadInput) {
  std::array<Task, 1> zero{Task{0, 1, 0}};
  EXPECT_EQ(edf_min_budget(zero, 5).error().code, Errc::invalid);
  std::array<Task, 1> fat{Task::implicit(5, 6)};
  EXPECT_EQ(edf_min_budget(fat, 5).error().code, Errc::invalid);
  std::array<Task, 1> late{Task{5, 1, 6}};
  EXPECT_EQ(edf_schedulable(late, Resource::integer(5, 1)).error().code, Errc::invalid);
  EXPECT_EQ(edf_min_budget(std::span<const Task>{}, 5).error().code, Errc::invalid);
  std::array<Task, 1> ok{Task::implicit(5, 1)};
  EXPECT_EQ(edf_min_budget(ok, 0).error().code, Errc::invalid);
  std::vector<Task> many(kMaxTasks + 1, Task::implicit(1000, 1));
  EXPECT_EQ(edf_min_budget(many, 10).error().code, Errc::range);
}

TEST(PrmEdf, HorizonLimitIsAnErrorNotAHang) {
  // Utilization just below the bandwidth: the horizon is astronomically
  // long, so the test refuses rather than running for ages.
  // Horizon ~ 2 Theta (Pi - Theta) / (Theta - U Pi) = 2^78 here.
  std::array<Task, 1> ts{Task::implicit(kMaxTime, kMaxTime / 2 - 1)};
  auto r = edf_schedulable(ts, Resource::integer(kMaxTime, kMaxTime / 2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::range);
}

TEST(PrmEdf, PropertyAgreesWithSimulation) {
  std::mt19937 rng(4);
  int checked = 0;
  for (int iter = 0; iter < 400; ++iter) {
    bool constrained = iter % 2 == 1;
    auto ts = oracle::random_tasks(rng, 4, 12, constrained);
    Time pi = std::uniform_int_distribution<Time>(1, 8)(rng);
    auto mb = edf_min_budget(ts, pi);
    ASSERT_TRUE(mb.ok()) << mb.error().reason;
    Time want = oracle::min_budget(ts, pi, oracle::Policy::edf);
    if (!mb->feasible) {
      EXPECT_EQ(want, -1);
      continue;
    }
    Time ib = ceil(mb->budget);
    ASSERT_EQ(ib, want) << "iter " << iter;
    // The budget found is schedulable, one unit less is not.
    EXPECT_TRUE(*edf_schedulable(ts, Resource::integer(pi, ib)));
    if (ib > 1) {
      EXPECT_FALSE(*edf_schedulable(ts, Resource::integer(pi, ib - 1)));
    }
    // The rational optimum itself passes; a hair less fails.
    EXPECT_TRUE(*edf_schedulable(ts, Resource{pi, mb->budget}));
    Rational less = make_rational(static_cast<__int128>(mb->budget.num) * 64 - 1,
                                  static_cast<__int128>(mb->budget.den) * 64);
    if (less.num > 0) {
      auto r = edf_schedulable(ts, Resource{pi, less});
      if (r.ok()) {
      EXPECT_FALSE(*r) << "iter " << iter;
    }
    }
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
