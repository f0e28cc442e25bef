// Task-set strings of the rt-tasks guest: good forms, RM default priorities, every refusal.
#include <gtest/gtest.h>

#include "rtjobs/taskset.h"

namespace {

using rtjobs::TaskSpec;

TEST(TaskSet, ParsesExplicitPriorities) {
  TaskSpec t[8];
  std::size_t n = 0;
  ASSERT_TRUE(rtjobs::parse_tasks("10ms:2ms:5:1,20ms:500us:3:0", t, n).ok());
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(t[0].period_ns, 10'000'000u);
  EXPECT_EQ(t[0].wcet_ns, 2'000'000u);
  EXPECT_EQ(t[0].count, 5u);
  EXPECT_EQ(t[0].priority, 1u);
  EXPECT_EQ(t[1].wcet_ns, 500'000u);
  EXPECT_EQ(t[1].priority, 0u);
}

TEST(TaskSet, PlainNumbersAreMicroseconds) {
  TaskSpec t[8];
  std::size_t n = 0;
  ASSERT_TRUE(rtjobs::parse_tasks("10000:2000:1", t, n).ok());
  EXPECT_EQ(t[0].period_ns, 10'000'000u);
  EXPECT_EQ(t[0].wcet_ns, 2'000'000u);
}

TEST(TaskSet, DefaultPrioritiesAreRateMonotonic) {
  TaskSpec t[8];
  std::size_t n = 0;
  ASSERT_TRUE(rtjobs::parse_tasks("30ms:1ms:1,10ms:1ms:1,20ms:1ms:1,10ms:1ms:1", t, n).ok());
  ASSERT_EQ(n, 4u);
  EXPECT_EQ(t[0].priority, 3u);
  EXPECT_EQ(t[1].priority, 0u);  // equal periods: earlier position first
  EXPECT_EQ(t[2].priority, 2u);
  EXPECT_EQ(t[3].priority, 1u);
}

TEST(TaskSet, RefusesBadInput) {
  TaskSpec t[8];
  std::size_t n = 7;
  const char* bad[] = {"",
                       "10ms",
                       "10ms:2ms",
                       "10ms:20ms:1",
                       "10ms:2ms:0",
                       "10ms:2ms:1:x",
                       "0:2ms:1",
                       "10ms:0:1",
                       "10ms:2ms:1:1,20ms:2ms:1",
                       "10ms:2ms:1:1:9",
                       "1h:2ms:1",
                       "10ms:2ms:100001"};
  for (const char* s : bad) {
    EXPECT_FALSE(rtjobs::parse_tasks(s, t, n).ok()) << s;
    EXPECT_EQ(n, 0u) << s;
  }
  EXPECT_FALSE(rtjobs::parse_tasks("1ms:1us:1,1ms:1us:1,1ms:1us:1,1ms:1us:1,1ms:1us:1,1ms:1us:1,"
                                   "1ms:1us:1,1ms:1us:1,1ms:1us:1",
                                   t, n)
                   .ok());
}

}  // namespace
