// Supply bound function of the periodic resource model and its inverse.
#include "analysis/prm.h"

#include <gtest/gtest.h>

namespace {

using namespace analysis;

// Shin & Lee's formulation, written independently of the library's:
// k = max(ceil((t - (Pi - Theta)) / Pi), 1);
// sbf = t - (k + 1)(Pi - Theta) on [(k + 1)Pi - 2Theta, (k + 1)Pi - Theta],
// else (k - 1) Theta.
Time shin_lee_sbf(Time pi, Time theta, Time t) {
  Time num = t - (pi - theta);
  Time k = num <= 0 ? 1 : (num + pi - 1) / pi;
  if (k < 1) k = 1;
  if (t >= (k + 1) * pi - 2 * theta && t <= (k + 1) * pi - theta) return t - (k + 1) * (pi - theta);
  return (k - 1) * theta;
}

TEST(Prm, SbfHandValues) {
  // (Pi, Theta) = (5, 2): blackout 6, then +2 per period.
  const Time expect[] = {0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 3, 4, 4, 4, 4, 5, 6};
  for (Time t = 0; t < 19; ++t) EXPECT_EQ(sbf(5, 2, t), expect[t]) << "t=" << t;
}

TEST(Prm, SbfMatchesShinLeeFormulation) {
  for (Time pi = 1; pi <= 12; ++pi)
    for (Time theta = 1; theta <= pi; ++theta)
      for (Time t = 0; t <= 60; ++t)
        ASSERT_EQ(sbf(pi, theta, t), shin_lee_sbf(pi, theta, t)) << pi << " " << theta << " " << t;
}

TEST(Prm, DedicatedResourceSuppliesEverything) {
  for (Time t = 0; t < 50; ++t) EXPECT_EQ(sbf(7, 7, t), t);
}

TEST(Prm, SbfAboveLinearBound) {
  // lsbf(t) = Theta/Pi (t - 2(Pi - Theta)) <= sbf(t), touching at the
  // start of each ramp.
  for (Time pi = 1; pi <= 10; ++pi)
    for (Time theta = 1; theta <= pi; ++theta)
      for (Time t = 0; t <= 80; ++t) {
        Time lhs = theta * (t - 2 * (pi - theta));
        EXPECT_LE(lhs, sbf(pi, theta, t) * pi);
      }
}

TEST(Prm, SupplyCoversRational) {
  // Integer budgets agree with the integer sbf.
  for (Time t = 0; t < 40; ++t) {
    Time s = sbf(10, 4, t);
    EXPECT_TRUE(supply_covers(Resource::integer(10, 4), t, s));
    EXPECT_FALSE(supply_covers(Resource::integer(10, 4), t, s + 1));
  }
  // (Pi, Theta) = (4, 5/2): blackout 3, ramp to 2.5 at t = 5.5.
  Resource r{4, make_rational(5, 2)};
  EXPECT_FALSE(supply_covers(r, 3, 1));
  EXPECT_TRUE(supply_covers(r, 4, 1));
  EXPECT_FALSE(supply_covers(r, 4, 2));
  EXPECT_TRUE(supply_covers(r, 5, 2));
  EXPECT_FALSE(supply_covers(r, 7, 3));  // flat at 2.5 until 7
  EXPECT_TRUE(supply_covers(r, 8, 3));
}

TEST(Prm, BudgetForDemandIsMinimal) {
  for (Time pi = 1; pi <= 9; ++pi)
    for (Time t = 1; t <= 30; ++t)
      for (Time d = 1; d <= t; ++d) {
        Rational th = budget_for_demand(pi, t, d);
        ASSERT_TRUE(supply_covers(Resource{pi, th}, t, d));
        ASSERT_TRUE(th <= Rational::integer(pi));
        // Slightly less does not cover: try th - 1/(16 den).
        Rational less = make_rational(static_cast<__int128>(th.num) * 16 - 1, static_cast<__int128>(th.den) * 16);
        if (less.num > 0) {
          ASSERT_FALSE(supply_covers(Resource{pi, less}, t, d)) << pi << " " << t << " " << d;
        }
        // The smallest integer budget is the ceiling.
        Time ib = ceil(th);
        ASSERT_GE(sbf(pi, ib, t), d);
        if (ib > 1) {
      ASSERT_LT(sbf(pi, ib - 1, t), d);
    }
      }
}

TEST(Prm, ValidatesResource) {
  EXPECT_FALSE(validate_resource(Resource::integer(0, 0)).ok());
  EXPECT_FALSE(validate_resource(Resource::integer(5, 6)).ok());
  EXPECT_FALSE(validate_resource(Resource::integer(5, 0)).ok());
  EXPECT_TRUE(validate_resource(Resource::integer(5, 5)).ok());
  EXPECT_EQ(validate_resource(Resource::integer(kMaxTime + 1, 1)).code(), support::Errc::range);
}

}  // namespace
