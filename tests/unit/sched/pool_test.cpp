// CPU pools (seed 001): Pool-0 with every pCPU at start, create / destroy /
// rename / add and remove pCPUs / move domains / list / numa-split, and
// every refusal leaving the state unchanged.
#include "sched_test_util.h"

#include <memory>

namespace sched::test {
namespace {

using support::Errc;

struct Pools {
  StaticLockProvider<support::NoLock> locks;
  std::unique_ptr<PoolManager> pm = std::make_unique<PoolManager>();
  explicit Pools(CpuMask cpus) { EXPECT_TRUE(pm->init(cpus, locks).ok()); }
};

CpuMask cpus_of(const PoolManager& pm, PoolId id) { return pm.info(id)->cpus; }

TEST(SchedPools, PoolZeroHoldsEveryCpu) {
  Pools p(CpuMask::range(0, 3));
  PoolInfo out[4];
  ASSERT_EQ(p.pm->list(out), 1u);
  EXPECT_STREQ(out[0].name, "Pool-0");
  EXPECT_STREQ(out[0].policy, "edf:global:deferrable");
  EXPECT_EQ(out[0].cpus, CpuMask::range(0, 3));
  EXPECT_EQ(p.pm->scheduler_for_cpu(3), p.pm->scheduler(0));
  EXPECT_EQ(p.pm->scheduler_for_cpu(4), nullptr);
  // docs/hypercalls.md: Pool-0 and its last pCPU are busy (EBUSY), not
  // forbidden or malformed requests (issue 12).
  EXPECT_EQ(p.pm->destroy_pool(0, 0).code(), Errc::busy);
  EXPECT_EQ(p.pm->remove_pcpu(0, 1, 0).code(), Errc::busy);
  EXPECT_EQ(p.pm->init(CpuMask::range(0, 1), p.locks).code(), Errc::exists);
}

TEST(SchedPools, CreateMoveCpusRenameDestroy) {
  Pools p(CpuMask::range(0, 3));
  PoolManager& pm = *p.pm;
  auto rt = pm.create_pool("rt", "fp:partitioned:sporadic", 0);
  ASSERT_TRUE(rt.ok());
  EXPECT_EQ(*rt, 1u);
  EXPECT_TRUE(cpus_of(pm, 1).empty());
  // Refusals.
  EXPECT_EQ(pm.create_pool("rt", "gedf", 0).error().code, Errc::exists);
  EXPECT_EQ(pm.create_pool("a b", "gedf", 0).error().code, Errc::invalid);
  EXPECT_EQ(pm.create_pool("", "gedf", 0).error().code, Errc::invalid);
  EXPECT_EQ(pm.create_pool("abcdefghijklmnopqrstuvwxyz0123456", "gedf", 0).error().code,
            Errc::range);
  EXPECT_EQ(pm.create_pool("x", "lottery", 0).error().code, Errc::not_found);
  EXPECT_EQ(pm.pool_count(), 2u);
  EXPECT_EQ(pm.add_pcpu(1, 9, 0).code(), Errc::not_found);
  EXPECT_EQ(pm.add_pcpu(5, 1, 0).code(), Errc::not_found);
  // pCPUs 2 and 3 move to "rt".
  ASSERT_TRUE(pm.add_pcpu(1, 2, 0).ok());
  ASSERT_TRUE(pm.add_pcpu(1, 3, 0).ok());
  EXPECT_EQ(pm.add_pcpu(1, 3, 0).code(), Errc::exists);
  EXPECT_EQ(cpus_of(pm, 0), CpuMask::range(0, 1));
  EXPECT_EQ(cpus_of(pm, 1), CpuMask::range(2, 3));
  EXPECT_EQ(pm.pool_of_cpu(2), 1u);
  EXPECT_EQ(pm.scheduler_for_cpu(2), pm.scheduler(1));
  EXPECT_EQ(pm.remove_pcpu(1, 0, 0).code(), Errc::not_found);
  ASSERT_TRUE(pm.remove_pcpu(1, 3, 0).ok());
  EXPECT_EQ(cpus_of(pm, 0), CpuMask(0b1011));
  // Rename.
  EXPECT_EQ(pm.rename_pool(1, "Pool-0").code(), Errc::exists);
  ASSERT_TRUE(pm.rename_pool(1, "rt2").ok());
  EXPECT_EQ(*pm.find_pool("rt2"), 1u);
  EXPECT_FALSE(pm.find_pool("rt").ok());
  // Destroy gives pCPU 2 back to Pool-0.
  ASSERT_TRUE(pm.destroy_pool(1, 0).ok());
  EXPECT_EQ(pm.destroy_pool(1, 0).code(), Errc::not_found);
  EXPECT_EQ(cpus_of(pm, 0), CpuMask::range(0, 3));
  EXPECT_EQ(pm.pool_count(), 1u);
}

TEST(SchedPools, DomainsBlockDestroyAndLastCpu) {
  Vcpu v(7, 0);
  Domain d(7);
  Pools p(CpuMask::range(0, 3));
  PoolManager& pm = *p.pm;
  PoolId rt = *pm.create_pool("rt", "fp:partitioned", 0);
  EXPECT_EQ(pm.add_domain(d, rt, 0).code(), Errc::invalid);  // no pCPUs yet
  ASSERT_TRUE(pm.add_pcpu(rt, 2, 0).ok());
  ASSERT_TRUE(pm.add_domain(d, rt, 0).ok());
  EXPECT_EQ(pm.add_domain(d, 0, 0).code(), Errc::busy);
  Vcpu stranger(8, 0);
  EXPECT_EQ(pm.add_vcpu(d, stranger, P(ServerKind::deferrable, ms(1), ms(10)), 0).code(),
            Errc::invalid);
  EXPECT_EQ(
      pm.add_vcpu(d, v, P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::single(1)), 0).code(),
      Errc::invalid);  // pCPU 1 is not in "rt"
  ASSERT_TRUE(
      pm.add_vcpu(d, v, P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::single(2)), 0).ok());
  EXPECT_EQ(pm.info(rt)->domains, 1u);
  EXPECT_EQ(pm.info(rt)->vcpus, 1u);
  EXPECT_EQ(pm.destroy_pool(rt, 0).code(), Errc::busy);
  EXPECT_EQ(pm.remove_pcpu(rt, 2, 0).code(), Errc::busy);  // last pCPU, domain inside
  EXPECT_EQ(cpus_of(pm, rt), CpuMask::single(2));
  // With a second pCPU, pCPU 2 still cannot go: v is pinned to it.
  ASSERT_TRUE(pm.add_pcpu(rt, 3, 0).ok());
  EXPECT_EQ(pm.remove_pcpu(rt, 2, 0).code(), Errc::busy);
  EXPECT_EQ(cpus_of(pm, rt), CpuMask::range(2, 3));
  ASSERT_TRUE(pm.remove_domain(d, 0).ok());
  EXPECT_EQ(d.pool(), kNoPool);
  EXPECT_FALSE(v.in_scheduler());
  ASSERT_TRUE(pm.destroy_pool(rt, 0).ok());
}

TEST(SchedPools, MoveDomainKeepsParamsAndRunnable) {
  Vcpu v0(7, 0), v1(7, 1);
  Domain d(7);
  Pools p(CpuMask::range(0, 3));
  PoolManager& pm = *p.pm;
  PoolId rt = *pm.create_pool("rt", "fp:partitioned", 0);
  ASSERT_TRUE(pm.add_pcpu(rt, 2, 0).ok());
  ASSERT_TRUE(pm.add_pcpu(rt, 3, 0).ok());
  ASSERT_TRUE(pm.add_domain(d, 0, 0).ok());
  ASSERT_TRUE(
      pm.add_vcpu(d, v0, P(ServerKind::sporadic, ms(2), ms(10), 3, CpuMask::single(1)), 0).ok());
  ASSERT_TRUE(
      pm.add_vcpu(d, v1, P(ServerKind::deferrable, ms(3), ms(20), 4, CpuMask::range(0, 1)), 0)
          .ok());
  Scheduler* s0 = pm.scheduler(0);
  EXPECT_NE(s0->wake(v0, 0), kNoCpu);
  // v0 becomes current on pCPU 1: moving the domain is refused, nothing changes.
  Decision dec = s0->do_schedule(1, 0);
  ASSERT_EQ(dec.next, &v0);
  EXPECT_EQ(pm.move_domain(d, rt, 0).code(), Errc::busy);
  EXPECT_EQ(d.pool(), 0u);
  EXPECT_EQ(v0.scheduler(), s0);
  // Deschedule v0 as the hypervisor would (pause: sleep, switch away,
  // context_saved), wake it again so it is runnable but not current, move.
  s0->sleep(v0, ms(1));
  dec = s0->do_schedule(1, ms(1));
  s0->context_saved(v0, 1, ms(1));
  s0->wake(v0, ms(1));
  CpuMask resched;
  ASSERT_TRUE(pm.move_domain(d, rt, ms(1), &resched).ok());
  EXPECT_EQ(d.pool(), rt);
  Scheduler* s1 = pm.scheduler(rt);
  EXPECT_EQ(v0.scheduler(), s1);
  EXPECT_EQ(v1.scheduler(), s1);
  EXPECT_TRUE(v0.runnable());
  EXPECT_FALSE(v1.runnable());
  // Masks with no pCPU in "rt" become "any pCPU of the pool"; the rest is kept.
  EXPECT_EQ(v0.params().cpu_mask, CpuMask::all());
  EXPECT_EQ(v0.params().budget, ms(2));
  EXPECT_EQ(v0.params().server, ServerKind::sporadic);
  EXPECT_EQ(v1.params().priority, 4u);
  EXPECT_TRUE(resched.test(2));  // v0's home is pCPU 2, idle
  EXPECT_EQ(s1->do_schedule(2, ms(1)).next, &v0);
  EXPECT_EQ(pm.info(0)->domains, 0u);
  EXPECT_EQ(pm.info(rt)->vcpus, 2u);
  EXPECT_EQ(pm.move_domain(d, rt, ms(1)).code(), Errc::exists);
  s1->sleep(v0, ms(2));
  s1->do_schedule(2, ms(2));
  ASSERT_TRUE(pm.remove_vcpu(d, v0, ms(2)).ok());
  EXPECT_EQ(pm.remove_vcpu(d, v0, ms(2)).code(), Errc::not_found);
  ASSERT_TRUE(pm.remove_domain(d, ms(2)).ok());
}

TEST(SchedPools, NumaSplit) {
  Pools p(CpuMask::range(0, 5));
  PoolManager& pm = *p.pm;
  const std::uint32_t nodes[] = {0, 0, 1, 1, 2, 2};
  EXPECT_EQ(pm.numa_split(std::span(nodes, 4), 0).code(), Errc::invalid);  // map too short
  ASSERT_TRUE(pm.numa_split(nodes, 0).ok());
  EXPECT_EQ(pm.pool_count(), 3u);
  EXPECT_EQ(cpus_of(pm, 0), CpuMask::range(0, 1));
  EXPECT_EQ(cpus_of(pm, *pm.find_pool("Pool-node1")), CpuMask::range(2, 3));
  EXPECT_EQ(cpus_of(pm, *pm.find_pool("Pool-node2")), CpuMask::range(4, 5));
  EXPECT_STREQ(pm.info(*pm.find_pool("Pool-node2"))->policy, "edf:global:deferrable");
  EXPECT_EQ(pm.numa_split(nodes, 0).code(), Errc::busy);  // other pools exist
}

TEST(SchedPools, NumaSplitRefusesPinnedVcpu) {
  Vcpu v(3, 0);
  Domain d(3);
  Pools p(CpuMask::range(0, 3));
  PoolManager& pm = *p.pm;
  ASSERT_TRUE(pm.add_domain(d, 0, 0).ok());
  ASSERT_TRUE(
      pm.add_vcpu(d, v, P(ServerKind::deferrable, ms(1), ms(10), 1, CpuMask::single(3)), 0).ok());
  const std::uint32_t nodes[] = {0, 0, 1, 1};
  EXPECT_EQ(pm.numa_split(nodes, 0).code(), Errc::busy);
  EXPECT_EQ(pm.pool_count(), 1u);
  EXPECT_EQ(cpus_of(pm, 0), CpuMask::range(0, 3));
  ASSERT_TRUE(pm.remove_domain(d, 0).ok());
}

TEST(SchedPools, SlotsRunOut) {
  Pools p(CpuMask::range(0, 1));
  char name[8];
  for (PoolId i = 1; i < kMaxPools; ++i) {
    std::snprintf(name, sizeof(name), "p%u", i);
    ASSERT_TRUE(p.pm->create_pool(name, "gedf", 0).ok());
  }
  EXPECT_EQ(p.pm->create_pool("more", "gedf", 0).error().code, Errc::no_space);
}

}  // namespace
}  // namespace sched::test
