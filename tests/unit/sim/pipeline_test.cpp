// The experiment pipeline (generators -> scenario -> engine -> statistics)
// on the reference host of reference_host.h, with hand-worked schedules
// and the Table 2.2 isolation shape. The same experiments run on the real
// core in tests/sim.
#include <gtest/gtest.h>

#include "reference_host.h"
#include "sim/experiments.h"

using namespace sim;

namespace {

HostFactory reference(bool periodic) {
  return [periodic](const Scenario& s, std::string&) -> std::unique_ptr<HostScheduler> {
    return std::make_unique<simtest::ReferenceHost>(s, periodic);
  };
}

Scenario two_servers() {
  // hi: budget 2 / period 5, prio 1, task (10 ms, 1 ms);
  // lo: budget 4 / period 10, prio 2, task (10 ms, 4 ms).
  Scenario s;
  PoolSpec p;
  p.name = "Pool-0";
  p.cpus = {0};
  s.pools.push_back(p);
  auto dom = [&](const char* n, Time b, Time per, int prio, Time tp, Time tc, Time off) {
    DomainSpec d;
    d.name = n;
    d.pool = "Pool-0";
    VcpuSpec v;
    v.budget = b * kMs;
    v.period = per * kMs;
    v.priority = prio;
    d.vcpus.push_back(v);
    TaskSpec t;
    t.name = "t";
    t.period = tp * kMs;
    t.wcet = tc * kMs;
    t.offset = off * kMs;
    t.vcpu = 0;
    d.tasks.push_back(t);
    s.domains.push_back(d);
  };
  dom("hi", 2, 5, 1, 10, 1, 1);  // released at 1, 11, ...
  dom("lo", 4, 10, 2, 10, 4, 0);
  return s;
}

}  // namespace

// Deferrable: lo runs 0-1; hi (released at 1) preempts 1-2; lo 2-5 (done,
// response 5). PTPS: at 0 hi owns the pCPU with budget but no work: it
// idles and burns 0-1, hi's job runs 1-2 (budget gone at 2), lo 2-5; at 5
// hi's replenished budget idles away 5-7; lo 7-8 (done, response 8).
TEST(Pipeline, DeferrableVersusPeriodicServerByHand) {
  auto s = two_servers();
  auto d = simulate(s, reference(false), 10 * kMs);
  ASSERT_TRUE(d.ok) << d.error;
  EXPECT_FLOAT_EQ(d.results.task("lo", "t")->ratios.at(0), 0.5f);
  EXPECT_FLOAT_EQ(d.results.task("hi", "t")->ratios.at(0), 0.1f);
  auto p = simulate(s, reference(true), 10 * kMs);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_FLOAT_EQ(p.results.task("lo", "t")->ratios.at(0), 0.8f);
  EXPECT_FLOAT_EQ(p.results.task("hi", "t")->ratios.at(0), 0.1f);
}

// Table 2.2's shape with the reference deferrable server: no misses in the
// normal case; overloading domain 3 hurts only domain 3.
TEST(Pipeline, IsolationShapeOnTheReferenceHost) {
  auto normal = table22(ServerKind::deferrable, false, 1, 120 * kSec, reference(false));
  ASSERT_TRUE(normal.run.ok) << normal.run.error;
  ASSERT_EQ(normal.dmr.size(), 5u);
  for (double x : normal.dmr) EXPECT_EQ(x, 0.0);
  auto over = table22(ServerKind::deferrable, true, 1, 120 * kSec, reference(false));
  ASSERT_TRUE(over.run.ok) << over.run.error;
  EXPECT_GT(over.dmr[2], 0.2);
  for (int d : {0, 1, 3, 4}) EXPECT_EQ(over.dmr[static_cast<std::size_t>(d)], 0.0);
}
