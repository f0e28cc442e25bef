// Best-period search and the integer vs rational interface variants.
#include "analysis/interface.h"

#include <gtest/gtest.h>

#include <array>

namespace {

using namespace analysis;
using support::Errc;

TEST(Interface, BestPeriodMinimisesBandwidth) {
  std::array<Task, 2> ts{Task::implicit(50, 7), Task::implicit(75, 9)};
  auto best = best_interface(ts, GuestScheduler::edf, 1, 60, 1, Valued::rational);
  ASSERT_TRUE(best.ok());
  // Check against every period: none has a smaller rational bandwidth.
  for (Time p = 1; p <= 60; ++p) {
    auto mb = min_budget(ts, p, GuestScheduler::edf);
    ASSERT_TRUE(mb.ok());
    ASSERT_TRUE(mb->feasible);
    __int128 lhs = static_cast<__int128>(mb->budget.num) * best->budget.den * best->period;
    __int128 rhs = static_cast<__int128>(best->budget.num) * mb->budget.den * p;
    EXPECT_GE(lhs, rhs) << "period " << p;
    if (lhs == rhs) {
      EXPECT_GE(p, best->period);
    }
  }
  EXPECT_EQ(best->integer_budget, ceil(best->budget));
}

TEST(Interface, IntegerVariantMinimisesRoundedBandwidth) {
  std::array<Task, 2> ts{Task::implicit(50, 7), Task::implicit(75, 9)};
  auto ib = best_interface(ts, GuestScheduler::rm, 1, 60, 1, Valued::integer);
  ASSERT_TRUE(ib.ok());
  for (Time p = 1; p <= 60; ++p) {
    auto mb = min_budget(ts, p, GuestScheduler::rm);
    ASSERT_TRUE(mb.ok());
    EXPECT_GE(ceil(mb->budget) * ib->period, ib->integer_budget * p) << "period " << p;
  }
  // The integer choice is never worse than rounding the rational choice up.
  auto rb = best_interface(ts, GuestScheduler::rm, 1, 60, 1, Valued::rational);
  ASSERT_TRUE(rb.ok());
  EXPECT_LE(ib->integer_budget * rb->period, rb->integer_budget * ib->period);
}

TEST(Interface, RangeErrors) {
  std::array<Task, 1> ts{Task::implicit(10, 1)};
  EXPECT_EQ(best_interface(ts, GuestScheduler::edf, 0, 5, 1, Valued::integer).error().code, Errc::invalid);
  EXPECT_EQ(best_interface(ts, GuestScheduler::edf, 5, 4, 1, Valued::integer).error().code, Errc::invalid);
  EXPECT_EQ(best_interface(ts, GuestScheduler::edf, 1, 100000, 1, Valued::integer).error().code, Errc::range);
  std::array<Task, 1> full{Task::implicit(4, 4)};
  // U = 1 needs budget == period; feasible for every period.
  auto r = best_interface(full, GuestScheduler::edf, 1, 3, 1, Valued::integer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->integer_budget, r->period);
}

}  // namespace
