// Task statistics: misses, nearest-rank percentiles, the summary line.
#include <gtest/gtest.h>

#include "rtjobs/stats.h"

namespace {

TEST(TaskStats, CountsMissesAndPercentiles) {
  rtjobs::TaskStats s;
  // Responses 1..100 µs, deadline 90 µs after release: 10 misses.
  for (std::uint64_t r = 100; r >= 1; --r) s.record(1000, 1000 + r * 1000, 1000 + 90000, 500);
  EXPECT_EQ(s.jobs(), 100u);
  EXPECT_EQ(s.misses(), 10u);
  EXPECT_EQ(s.response_percentile_ns(50), 50000u);
  EXPECT_EQ(s.response_percentile_ns(95), 95000u);
  EXPECT_EQ(s.response_percentile_ns(100), 100000u);
  EXPECT_EQ(s.work_ns(), 50000u);
  support::FixedString<200> line;
  s.format(line.sink());
  EXPECT_EQ(
      line.view(),
      "jobs=100 misses=10 resp_p50_us=50 resp_p95_us=95 resp_p99_us=99 resp_max_us=100 work_us=50");
}

TEST(TaskStats, EmptyIsAllZero) {
  rtjobs::TaskStats s;
  EXPECT_EQ(s.response_percentile_ns(50), 0u);
  EXPECT_EQ(s.jobs(), 0u);
}

}  // namespace
