// The rt-tasks job loop against a simulated clock: hand-worked schedules.
#include <gtest/gtest.h>

#include <vector>

#include "rtjobs/runner.h"

namespace {

using rtjobs::TaskSpec;
using rtjobs::TaskStats;

constexpr std::uint64_t kMs = 1'000'000;

// A clock that advances by the work done, plus `steal_ns` after every
// `steal_every_ns` of work (time the vCPU did not run).
class FakeEnv final : public rtjobs::Environment {
 public:
  std::uint64_t now_ns() override { return now; }
  void work_ns(std::uint64_t ns) override {
    now += ns;
    worked += ns;
    if (steal_every_ns != 0 && worked >= next_steal) {
      now += steal_ns;
      next_steal += steal_every_ns;
    }
  }
  void sleep_until(std::uint64_t deadline) override {
    sleeps.push_back(deadline);
    if (deadline > now) now = deadline;
  }
  std::uint64_t now = 5 * kMs;
  std::uint64_t worked = 0;
  std::uint64_t steal_every_ns = 0, steal_ns = 0, next_steal = 0;
  std::vector<std::uint64_t> sleeps;
};

TEST(Runner, OneTaskRunsEveryJobOnTime) {
  TaskSpec t[] = {{10 * kMs, 2 * kMs, 5, 0}};
  TaskStats s[1];
  FakeEnv env;
  rtjobs::run(t, s, env);
  EXPECT_EQ(s[0].jobs(), 5u);
  EXPECT_EQ(s[0].misses(), 0u);
  EXPECT_EQ(s[0].max_response_ns(), 2 * kMs);
  EXPECT_EQ(s[0].work_ns(), 10 * kMs);
  // First release 1 ms after start (6 ms), the others every 10 ms; the loop
  // sleeps until each release and ends after the fifth job (46 + 2 ms).
  ASSERT_EQ(env.sleeps.size(), 5u);
  EXPECT_EQ(env.sleeps[0], 6 * kMs);
  EXPECT_EQ(env.sleeps[4], 46 * kMs);
  EXPECT_EQ(env.now, 48 * kMs);
}

TEST(Runner, HigherPriorityPreemptsAtTheNextChunk) {
  // T0: 10 ms period, 3 ms; T1: 20 ms period, 8 ms, lower priority.
  // From release R: T0 runs R..R+3, T1 R+3..R+10 (7 ms), T0 is released at
  // R+10 and preempts (chunk boundaries fall on whole 100 µs), runs to
  // R+13, T1 finishes its last 1 ms at R+14: response 14 ms.
  TaskSpec t[] = {{10 * kMs, 3 * kMs, 2, 0}, {20 * kMs, 8 * kMs, 1, 1}};
  TaskStats s[2];
  FakeEnv env;
  rtjobs::run(t, s, env);
  EXPECT_EQ(s[0].jobs(), 2u);
  EXPECT_EQ(s[0].max_response_ns(), 3 * kMs);
  EXPECT_EQ(s[1].jobs(), 1u);
  EXPECT_EQ(s[1].max_response_ns(), 14 * kMs);
  EXPECT_EQ(s[0].misses() + s[1].misses(), 0u);
}

TEST(Runner, StolenTimeMakesLateJobsThatStillFinish) {
  // 10 ms jobs every 10 ms, but 1 ms is stolen after every 5 ms of work:
  // each job takes 12 ms of wall time, so every job misses and later jobs
  // queue behind (soft real time): job k finishes at R + 12(k+1).
  TaskSpec t[] = {{10 * kMs, 10 * kMs, 4, 0}};
  TaskStats s[1];
  FakeEnv env;
  env.steal_every_ns = 5 * kMs;
  env.steal_ns = 1 * kMs;
  env.next_steal = 5 * kMs;
  rtjobs::run(t, s, env);
  EXPECT_EQ(s[0].jobs(), 4u);
  EXPECT_EQ(s[0].misses(), 4u);
  // Job 3 was released at R+30 and finished at R+48.
  EXPECT_EQ(s[0].max_response_ns(), 18 * kMs);
}

}  // namespace
