// The global run queue shared by pCPUs calling concurrently: four threads,
// one per pCPU, drive one gEDF instance protected by an injected lock (here
// BasicLock<std::mutex>: a ticket spinlock convoys badly when this shared
// host oversubscribes its cores; the hypervisor injects its spinlock). The
// driver marks a vCPU "running" while a pCPU runs it and clears the mark
// before context_saved; no vCPU may ever be handed to two pCPUs at once, and
// budgets stay in range.
#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "sched_test_util.h"

namespace sched::test {
namespace {

TEST(SchedConcurrency, GlobalQueueUnderSpinLock) {
  constexpr int kThreads = 4;
  constexpr int kVcpus = 12;
  constexpr int kSteps = 20000;
  BasicLock<std::mutex> lock;
  SchedulerStorage storage;
  Scheduler* s = *create_scheduler("edf:global:deferrable", storage, lock);
  for (CpuId c = 0; c < kThreads; ++c) ASSERT_TRUE(s->add_pcpu(c, 0).ok());
  std::vector<std::unique_ptr<Vcpu>> vs;
  for (int i = 0; i < kVcpus; ++i) {
    vs.push_back(std::make_unique<Vcpu>(1, static_cast<std::uint32_t>(i)));
    ASSERT_TRUE(s->add_vcpu(*vs.back(), P(ServerKind::deferrable, us(300), ms(1)), 0).ok());
    s->wake(*vs.back(), 0);
  }
  std::atomic<int> running[kVcpus] = {};
  std::atomic<Time> clock{1};
  std::atomic<int> violations{0};
  Vcpu* last[kThreads] = {};

  auto worker = [&](CpuId cpu) {
    std::mt19937 rng(cpu + 1);
    Vcpu* cur = nullptr;
    for (int step = 0; step < kSteps; ++step) {
      const Time now = clock.fetch_add(100);
      const unsigned r = rng() % 8;
      if (r == 0 && cur != nullptr) s->sleep(*cur, now);
      if (r == 1) s->wake(*vs[rng() % kVcpus], now);
      Decision d = s->do_schedule(cpu, now);
      if (d.next != cur) {
        if (cur != nullptr) {
          running[cur->index()].store(0);
          s->context_saved(*cur, cpu, now);
        }
        if (d.next != nullptr && running[d.next->index()].exchange(1) != 0) violations.fetch_add(1);
        if (d.next != nullptr && d.next->budget_left() > us(300)) violations.fetch_add(1);
        cur = d.next;
      }
    }
    last[cpu] = cur;
  };
  std::vector<std::thread> threads;
  for (CpuId c = 0; c < kThreads; ++c) threads.emplace_back(worker, c);
  for (auto& t : threads) t.join();
  EXPECT_EQ(violations.load(), 0);
  // Tear down: everything asleep, every pCPU switches to idle and saves.
  const Time end = clock.load();
  for (auto& v : vs) s->sleep(*v, end);
  for (CpuId c = 0; c < kThreads; ++c) {
    EXPECT_EQ(s->do_schedule(c, end).next, nullptr);
    if (last[c] != nullptr) s->context_saved(*last[c], c, end);
  }
  EXPECT_GT(s->stats().context_switches, 100u);
  for (auto& v : vs) EXPECT_TRUE(s->remove_vcpu(*v, clock.load()).ok());
  destroy_scheduler(s);
}

}  // namespace
}  // namespace sched::test
