// Fixed-priority scheduling on a periodic resource: hand-computed
// budgets and agreement with the worst-case simulation oracle.
#include "analysis/prm_fp.h"

#include <gtest/gtest.h>

#include <array>

#include "oracle.h"

namespace {

using namespace analysis;
using support::Errc;

TEST(PrmFp, HandComputedTwoTasks) {
  // RM, tasks (4, 1) and (8, 2) on period 2. Task 1 needs sbf(4) >= 1,
  // i.e. Theta >= 1. Task 2 needs sbf(4) >= rbf(4) = 3 (Theta >= 5/3) or
  // sbf(8) >= rbf(8) = 4: for 1 <= Theta <= 2, u = 4 + 2 Theta, k = 3,
  // sbf(8) = 3 Theta + (2 Theta - 2) = 5 Theta - 2 >= 4 -> Theta = 6/5.
  std::array<Task, 2> ts{Task::implicit(4, 1), Task::implicit(8, 2)};
  auto mb = fp_min_budget(ts, 2, FixedPriority::rate_monotonic);
  ASSERT_TRUE(mb.ok());
  ASSERT_TRUE(mb->feasible);
  EXPECT_EQ(mb->budget, make_rational(6, 5));
  EXPECT_TRUE(*fp_schedulable(ts, Resource{2, make_rational(6, 5)}, FixedPriority::rate_monotonic));
  EXPECT_FALSE(*fp_schedulable(ts, Resource::integer(2, 1), FixedPriority::rate_monotonic));
  EXPECT_TRUE(*fp_schedulable(ts, Resource::integer(2, 2), FixedPriority::rate_monotonic));
}

TEST(PrmFp, OrderMatters) {
  // Listing the long task first gives it priority and breaks the short one.
  std::array<Task, 2> ts{Task::implicit(10, 3), Task::implicit(4, 2)};
  EXPECT_TRUE(*fp_schedulable(ts, Resource::integer(1, 1), FixedPriority::rate_monotonic));
  EXPECT_FALSE(*fp_schedulable(ts, Resource::integer(1, 1), FixedPriority::as_listed));
}

TEST(PrmFp, DeadlineMonotonicUsesDeadlines) {
  // Task 0 has the longer period but the shorter deadline.
  std::array<Task, 2> ts{Task{10, 2, 3}, Task{5, 2, 5}};
  EXPECT_TRUE(*fp_schedulable(ts, Resource::integer(1, 1), FixedPriority::deadline_monotonic));
  EXPECT_FALSE(*fp_schedulable(ts, Resource::integer(1, 1), FixedPriority::rate_monotonic));
}

TEST(PrmFp, InfeasibleOnDedicatedCpu) {
  std::array<Task, 2> ts{Task::implicit(2, 1), Task::implicit(3, 2)};
  auto mb = fp_min_budget(ts, 3, FixedPriority::rate_monotonic);
  ASSERT_TRUE(mb.ok());
  EXPECT_FALSE(mb->feasible);
}

TEST(PrmFp, RejectsBadInput) {
  std::array<Task, 1> bad{Task{4, 5, 4}};
  EXPECT_EQ(fp_min_budget(bad, 2, FixedPriority::rate_monotonic).error().code, Errc::invalid);
  std::array<Task, 1> ok{Task::implicit(4, 1)};
  EXPECT_EQ(fp_schedulable(ok, Resource::integer(2, 3), FixedPriority::rate_monotonic).error().code,
            Errc::invalid);
}

TEST(PrmFp, PropertyAgreesWithSimulation) {
  std::mt19937 rng(7);
  int checked = 0;
  for (int iter = 0; iter < 400; ++iter) {
    bool constrained = iter % 2 == 1;
    auto ts = oracle::random_tasks(rng, 4, 12, constrained);
    Time pi = std::uniform_int_distribution<Time>(1, 8)(rng);
    auto order = constrained ? FixedPriority::deadline_monotonic : FixedPriority::rate_monotonic;
    auto pol = constrained ? oracle::Policy::dm : oracle::Policy::rm;
    auto mb = fp_min_budget(ts, pi, order);
    ASSERT_TRUE(mb.ok()) << mb.error().reason;
    Time want = oracle::min_budget(ts, pi, pol);
    if (!mb->feasible) {
      EXPECT_EQ(want, -1) << "iter " << iter;
      continue;
    }
    Time ib = ceil(mb->budget);
    ASSERT_EQ(ib, want) << "iter " << iter;
    EXPECT_TRUE(*fp_schedulable(ts, Resource::integer(pi, ib), order));
    if (ib > 1) {
      EXPECT_FALSE(*fp_schedulable(ts, Resource::integer(pi, ib - 1), order));
    }
    EXPECT_TRUE(*fp_schedulable(ts, Resource{pi, mb->budget}, order));
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
