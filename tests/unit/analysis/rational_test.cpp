// Exact rationals and utilization comparisons used by every analysis.
#include "analysis/rational.h"
#include "analysis/utilization.h"

#include <gtest/gtest.h>

#include <array>

namespace {

using namespace analysis;

TEST(Rational, ReducesAndCompares) {
  Rational r = make_rational(6, 4);
  EXPECT_EQ(r.num, 3);
  EXPECT_EQ(r.den, 2);
  EXPECT_TRUE(make_rational(1, 3) < make_rational(1, 2));
  EXPECT_TRUE(make_rational(2, 4) == make_rational(1, 2));
  EXPECT_EQ(ceil(make_rational(7, 2)), 4);
  EXPECT_EQ(floor(make_rational(7, 2)), 3);
  EXPECT_EQ(ceil(Rational::integer(5)), 5);
}

TEST(Rational, CompareFractionsWithoutOverflow) {
  const u128 big = (u128{1} << 120) + 7;
  EXPECT_EQ(compare_fractions(big, big + 1, big + 1, big + 2), -1);
  EXPECT_EQ(compare_fractions(3, 9, 1, 3), 0);
  EXPECT_EQ(compare_fractions(5, 3, 4, 3), 1);
  EXPECT_EQ(compare_fractions(2, 1, 5, 2), -1);
}

TEST(Utilization, ExactComparisons) {
  std::array<Task, 3> ts{Task::implicit(3, 1), Task::implicit(6, 1), Task::implicit(2, 1)};
  // 1/3 + 1/6 + 1/2 == 1 exactly; fixed point alone cannot see that.
  EXPECT_EQ(compare_utilization(ts, 1, 1), Cmp::equal);
  EXPECT_EQ(compare_utilization(ts, 99, 100), Cmp::greater);
  EXPECT_EQ(compare_utilization(ts, 101, 100), Cmp::less);
  std::array<Task, 2> two{Task::implicit(7, 1), Task::implicit(11, 2)};  // 25/77
  EXPECT_EQ(compare_utilization(two, 25, 77), Cmp::equal);
  EXPECT_EQ(compare_utilization(two, 25 * 1000 + 1, 77 * 1000), Cmp::less);
}

}  // namespace
