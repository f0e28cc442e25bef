// Host schedulers for engine unit tests, simple enough to hand-compute
// schedules: every vCPU i owns pCPU i (a dedicated CPU) and runs whenever
// its guest has work. BrokenHost breaks the contract on purpose.
// Single-threaded test code; no locking.
#pragma once

#include <vector>

#include "sim/host.h"

namespace simtest {

class DedicatedHost : public sim::HostScheduler {
 public:
  explicit DedicatedHost(std::size_t n) : awake_(n, false) {}
  sim::HostDecision do_schedule(std::uint32_t cpu, sim::Time, sim::Tickles&) override {
    ++schedules;
    return {cpu < awake_.size() && awake_[cpu] ? cpu : sim::kIdleVcpu, sim::kNever};
  }
  void wake(sim::VcpuId v, sim::Time, sim::Tickles& t) override {
    awake_[v] = true;
    t.push_back(v);
  }
  void sleep(sim::VcpuId v, sim::Time, sim::Tickles& t) override {
    awake_[v] = false;
    t.push_back(v);
  }
  void context_saved(sim::VcpuId, std::uint32_t, sim::Time, sim::Tickles&) override { ++saved; }
  int schedules = 0;
  int saved = 0;

 private:
  std::vector<bool> awake_;
};

// Picks vCPU 0 on every pCPU: runs one vCPU on two pCPUs at once.
class BrokenHost : public sim::HostScheduler {
 public:
  sim::HostDecision do_schedule(std::uint32_t, sim::Time now, sim::Tickles&) override {
    return {0, now + 1000};
  }
  void wake(sim::VcpuId, sim::Time, sim::Tickles&) override {}
  void sleep(sim::VcpuId, sim::Time, sim::Tickles&) override {}
  void context_saved(sim::VcpuId, std::uint32_t, sim::Time, sim::Tickles&) override {}
};

}  // namespace simtest
