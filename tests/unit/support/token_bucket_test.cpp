// TokenBucket: bursts, refill by elapsed time, no waiting (the console rate
// limit of issue 12, item 4).
#include "support/token_bucket.h"

#include <gtest/gtest.h>

namespace {

constexpr std::uint64_t kMs = 1000000;

TEST(TokenBucket, GrantsTheBurstThenNothing) {
  support::TokenBucket b(4096, 1024);
  EXPECT_EQ(b.take(0, 3000), 3000u);
  EXPECT_EQ(b.take(0, 3000), 1096u);
  EXPECT_EQ(b.take(0, 1), 0u);
  EXPECT_TRUE(b.empty(0));
}

TEST(TokenBucket, RefillsAtTheRateUpToTheBurst) {
  support::TokenBucket b(4096, 1024);
  (void)b.take(0, 4096);
  EXPECT_EQ(b.take(500 * kMs, 4096), 512u);
  EXPECT_EQ(b.take(501 * kMs, 4096), 1u) << "1 ms is one token at 1024/s";
  EXPECT_EQ(b.take(100000 * kMs, 100000), 4096u) << "never more than the burst";
}

// Many small takes lose no tokens to rounding.
TEST(TokenBucket, SmallStepsAddUp) {
  support::TokenBucket b(100, 1000);
  (void)b.take(0, 100);
  std::uint64_t got = 0;
  for (std::uint64_t t = 1; t <= 50000; ++t) got += b.take(t * 1000, 1000);  // every 1 us
  EXPECT_EQ(got, 50u);                                                       // 50 ms at 1000/s
}

// A flood of 4 KiB every 10 ms (the hostile domain) gets the burst
// and then the rate; the rest is refused without waiting.
TEST(TokenBucket, FloodGetsTheRate) {
  support::TokenBucket b(8192, 2048);
  std::uint64_t got = 0;
  for (int i = 0; i < 100; ++i) got += b.take(static_cast<std::uint64_t>(i) * 10 * kMs, 4096);
  EXPECT_NEAR(static_cast<double>(got), 8192 + 2048 * 0.99, 64);
}

}  // namespace
