// Rng: determinism, bounds, stream independence; percentile ranks.
#include <gtest/gtest.h>

#include "sim/rng.h"
#include "sim/stats.h"

TEST(Rng, SameSeedSameSequence) {
  sim::Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs = differs || x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, UniformIntStaysInBoundsAndHitsBoth) {
  sim::Rng r(7);
  bool lo = false, hi = false;
  for (int i = 0; i < 10000; ++i) {
    const auto v = r.uniform_int(5, 10);
    ASSERT_GE(v, 5);
    ASSERT_LE(v, 10);
    lo = lo || v == 5;
    hi = hi || v == 10;
  }
  EXPECT_TRUE(lo && hi);
  EXPECT_EQ(r.uniform_int(3, 3), 3);
}

TEST(Rng, UniformRealMeanIsHalf) {
  sim::Rng r(1);
  double s = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = r.uniform01();
    ASSERT_GE(x, 0.0);
    ASSERT_LT(x, 1.0);
    s += x;
  }
  EXPECT_NEAR(s / 100000, 0.5, 0.01);
}

TEST(Rng, StreamsDiffer) {
  auto a = sim::Rng::stream(1, 1, 1), b = sim::Rng::stream(1, 1, 2), c = sim::Rng::stream(1, 2, 1);
  const auto x = a.next();
  EXPECT_NE(x, b.next());
  EXPECT_NE(x, c.next());
}

TEST(Percentile, NearestRank) {
  std::vector<float> v{4, 1, 3, 2};
  EXPECT_EQ(sim::percentile(v, 0), 1);
  EXPECT_EQ(sim::percentile(v, 25), 1);
  EXPECT_EQ(sim::percentile(v, 50), 2);
  EXPECT_EQ(sim::percentile(v, 51), 3);
  EXPECT_EQ(sim::percentile(v, 100), 4);
  EXPECT_EQ(sim::percentile({}, 50), 0);
}
