// Engine + guest schedulers on dedicated pCPUs, against hand-worked
// schedules (every expected value below is derived in the comments).
#include <gtest/gtest.h>

#include "fake_hosts.h"
#include "sim/engine.h"

using namespace sim;

namespace {

Scenario one_domain(GuestPolicy policy, Placement placement, std::size_t vcpus,
                    std::vector<TaskSpec> tasks) {
  Scenario s;
  PoolSpec p;
  p.name = "Pool-0";
  for (std::uint32_t c = 0; c < vcpus; ++c) p.cpus.push_back(c);
  s.pools.push_back(p);
  DomainSpec d;
  d.name = "d";
  d.pool = "Pool-0";
  d.guest = policy;
  d.guest_placement = placement;
  for (std::uint32_t i = 0; i < vcpus; ++i) {
    VcpuSpec v;
    v.budget = v.period = 10 * kMs;
    v.cpus = {i};
    d.vcpus.push_back(v);
  }
  d.tasks = std::move(tasks);
  s.domains.push_back(d);
  return s;
}

TaskSpec task(const char* n, Time p_ms, Time c_ms, int vcpu = 0) {
  TaskSpec t;
  t.name = n;
  t.period = p_ms * kMs;
  t.wcet = c_ms * kMs;
  t.vcpu = vcpu;
  return t;
}

}  // namespace

// RM on a dedicated CPU: t1 (10, 3) runs 0-3, 10-13, 20-23; t2 (15, 5)
// runs 3-8 (response 8) and 15-20 (response 5). Over 30 ms: t1 9 ms,
// t2 10 ms, vCPU busy 19 ms.
TEST(Engine, RateMonotonicOnDedicatedCpu) {
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1,
                      {task("t1", 10, 3), task("t2", 15, 5)});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(30 * kMs)) << e.error();
  const auto& r = e.results();
  const auto* t1 = r.task("d", "t1");
  const auto* t2 = r.task("d", "t2");
  ASSERT_TRUE(t1 && t2);
  EXPECT_EQ(t1->completed, 3u);
  EXPECT_EQ(t2->completed, 2u);
  EXPECT_EQ(t1->missed + t2->missed, 0u);
  EXPECT_EQ(t1->cpu, 9 * kMs);
  EXPECT_EQ(t2->cpu, 10 * kMs);
  ASSERT_EQ(t2->ratios.size(), 2u);
  EXPECT_FLOAT_EQ(t2->ratios[0], 8.0f / 15.0f);
  EXPECT_FLOAT_EQ(t2->ratios[1], 5.0f / 15.0f);
  EXPECT_FLOAT_EQ(t1->ratios[2], 0.3f);
  EXPECT_EQ(r.vcpus[0].cpu, 19 * kMs);
  EXPECT_EQ(r.pcpus[0].busy, 19 * kMs);
}

// Explicit priorities override RM: t2 first. t2 0-5, t1 5-8 (response 8,
// deadline 10), t1 10-13, t2 15-20, t1 20-23.
TEST(Engine, ExplicitGuestPriorities) {
  auto a = task("t1", 10, 3), b = task("t2", 15, 5);
  a.priority = 2;
  b.priority = 1;
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {a, b});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(30 * kMs)) << e.error();
  EXPECT_FLOAT_EQ(e.results().task("d", "t1")->ratios[0], 0.8f);
  EXPECT_FLOAT_EQ(e.results().task("d", "t2")->ratios[0], 5.0f / 15.0f);
}

// EDF with U = 1: t1 (4, 2), t2 (6, 3). t1 0-2; t2 2-4 (1 left); at 4
// t2 (d 6) beats t1#2 (d 8): t2 4-5 done (5/6); t1 5-7 done (3/4);
// t2#2 (d 12) 7-8; at 8 t1#3 (d 12) ties t2#2 and wins by index: 8-10;
// t2#2 10-12 done exactly at its deadline (ratio 1, not a miss).
TEST(Engine, EdfGuestWithTies) {
  auto s =
      one_domain(GuestPolicy::edf, Placement::partitioned, 1, {task("t1", 4, 2), task("t2", 6, 3)});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(12 * kMs)) << e.error();
  const auto* t1 = e.results().task("d", "t1");
  const auto* t2 = e.results().task("d", "t2");
  ASSERT_EQ(t1->ratios.size(), 3u);
  ASSERT_EQ(t2->ratios.size(), 2u);
  EXPECT_FLOAT_EQ(t1->ratios[0], 0.5f);
  EXPECT_FLOAT_EQ(t1->ratios[1], 0.75f);
  EXPECT_FLOAT_EQ(t1->ratios[2], 0.5f);
  EXPECT_FLOAT_EQ(t2->ratios[0], 5.0f / 6.0f);
  EXPECT_FLOAT_EQ(t2->ratios[1], 1.0f);
  EXPECT_EQ(t1->missed + t2->missed, 0u);
}

// Soft real time: period 10, demand 15. Job 0 runs 0-15 (ratio 1.5), job 1
// (released 10) 15-30 (ratio 2), job 2 (released 20, due 30) and job 3
// (released 30, due 40) are unfinished at 40 and judged missed with ratios
// (40-20)/10 = 2 and (40-30)/10 = 1.
TEST(Engine, LateJobsFinishAndLaterJobsQueue) {
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {task("t", 10, 15)});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(40 * kMs)) << e.error();
  const auto* t = e.results().task("d", "t");
  EXPECT_EQ(t->released, 4u);
  EXPECT_EQ(t->completed, 2u);
  EXPECT_EQ(t->judged, 4u);
  EXPECT_EQ(t->missed, 4u);
  ASSERT_EQ(t->ratios.size(), 4u);
  EXPECT_FLOAT_EQ(t->ratios[0], 1.5f);
  EXPECT_FLOAT_EQ(t->ratios[1], 2.0f);
  EXPECT_FLOAT_EQ(t->ratios[2], 2.0f);
  EXPECT_FLOAT_EQ(t->ratios[3], 1.0f);
}

// A job due after the end of the run and unfinished is not judged.
TEST(Engine, JobsDueAfterTheEndAreNotJudged) {
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {task("t", 10, 4)});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(22 * kMs)) << e.error();  // job 2 released at 20, 2 ms done
  const auto* t = e.results().task("d", "t");
  EXPECT_EQ(t->released, 3u);
  EXPECT_EQ(t->judged, 2u);
  EXPECT_EQ(t->missed, 0u);
  EXPECT_EQ(t->cpu, 10 * kMs);
}

// Global EDF on two vCPUs: t1 (10, 6), t2 (10, 6), t3 (20, 8). 0-6 t1, t2;
// t3 6-10 on vCPU 0; at 10 t1#2, t2#2 (d 20) tie t3 (d 20) and win by
// index, t3 waits with 4 left; t1, t2 run 10-16, t3 16-20: ratio 1.0.
TEST(Engine, GlobalEdfGuestOnTwoVcpus) {
  auto s = one_domain(GuestPolicy::edf, Placement::global, 2,
                      {task("t1", 10, 6), task("t2", 10, 6), task("t3", 20, 8)});
  simtest::DedicatedHost host(2);
  Engine e(s, host);
  ASSERT_TRUE(e.run(20 * kMs)) << e.error();
  const auto& r = e.results();
  EXPECT_FLOAT_EQ(r.task("d", "t1")->ratios.at(1), 0.6f);
  EXPECT_FLOAT_EQ(r.task("d", "t3")->ratios.at(0), 1.0f);
  EXPECT_EQ(r.task("d", "t3")->missed, 0u);
  EXPECT_EQ(r.vcpus[0].cpu + r.vcpus[1].cpu, 32 * kMs);
}

// Partitioned guest: tasks bound to vCPU 1 never run on vCPU 0.
TEST(Engine, PartitionedGuestKeepsTasksOnTheirVcpu) {
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 2,
                      {task("a", 10, 2, 1), task("b", 10, 3, 1)});
  simtest::DedicatedHost host(2);
  Engine e(s, host);
  ASSERT_TRUE(e.run(100 * kMs)) << e.error();
  EXPECT_EQ(e.results().vcpus[0].cpu, 0);
  EXPECT_EQ(e.results().vcpus[1].cpu, 50 * kMs);
}

TEST(Engine, EtfDrawsDemandsInRange) {
  auto t = task("t", 10, 4);
  t.etf = 0.5;
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {t});
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(10 * kSec)) << e.error();
  const auto* st = e.results().task("d", "t");
  // 1000 jobs with demand uniform in [2, 4] ms: mean 3 ms.
  EXPECT_EQ(st->completed, 1000u);
  EXPECT_NEAR(static_cast<double>(st->cpu) / 1000.0 / kMs, 3.0, 0.05);
  for (float x : st->ratios) {
    EXPECT_GE(x, 0.2f - 1e-6f);
    EXPECT_LE(x, 0.4f + 1e-6f);
  }
}

TEST(Engine, BusyDomainAlwaysRuns) {
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {});
  s.domains[0].busy = true;
  simtest::DedicatedHost host(1);
  Engine e(s, host);
  ASSERT_TRUE(e.run(1 * kSec)) << e.error();
  EXPECT_EQ(e.results().vcpus[0].cpu, 1 * kSec);
}

TEST(Engine, RejectsAVcpuOnTwoPcpus) {
  auto s = one_domain(GuestPolicy::fp, Placement::global, 2, {task("t", 10, 2)});
  s.domains[0].vcpus[0].cpus = {0, 1};
  simtest::BrokenHost host;
  Engine e(s, host);
  EXPECT_FALSE(e.run(10 * kMs));
  EXPECT_NE(e.error().find("while running on pCPU"), std::string::npos) << e.error();
}

TEST(Engine, RejectsAffinityViolation) {
  auto s = one_domain(GuestPolicy::fp, Placement::global, 2, {task("t", 10, 2)});
  simtest::BrokenHost host;  // picks vCPU 0 (affinity pCPU 0) on pCPU 1 too
  Engine e(s, host);
  EXPECT_FALSE(e.run(10 * kMs));
  EXPECT_NE(e.error().find("outside its affinity"), std::string::npos) << e.error();
}

TEST(Engine, SameSeedSameResults) {
  auto t = task("t", 7, 3);
  t.etf = 0.1;
  auto s = one_domain(GuestPolicy::fp, Placement::partitioned, 1, {t, task("u", 11, 2)});
  simtest::DedicatedHost h1(1), h2(1);
  Engine a(s, h1), b(s, h2);
  ASSERT_TRUE(a.run(5 * kSec));
  ASSERT_TRUE(b.run(5 * kSec));
  EXPECT_EQ(a.results().tasks[0].cpu, b.results().tasks[0].cpu);
  EXPECT_EQ(a.results().tasks[0].ratios, b.results().tasks[0].ratios);
}
