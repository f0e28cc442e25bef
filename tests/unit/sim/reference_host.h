// A deliberately simple reference host scheduler for tests of the engine
// and of the experiment pipeline, independent of the sched/ core:
// partitioned (each vCPU on the first pCPU of its affinity, else pCPU 0),
// fixed priority (smaller first, real-time before non-real-time, ties by
// vCPU number), budgets replenished to full at every period boundary
// (phase 0). Deferrable: the best vCPU that is awake and has budget runs.
// Periodic (PTPS): the best vCPU with budget owns the pCPU; if its guest
// is idle the pCPU idles and the budget burns anyway.
// Linear scans everywhere: clarity over speed. Single-threaded test code.
#pragma once

#include <algorithm>
#include <vector>

#include "sim/host.h"
#include "sim/model.h"

namespace simtest {

class ReferenceHost : public sim::HostScheduler {
 public:
  ReferenceHost(const sim::Scenario& s, bool periodic) : periodic_(periodic) {
    for (const auto& d : s.domains)
      for (const auto& v : d.vcpus) {
        V x;
        x.budget = v.budget;
        x.period = v.period;
        x.prio = v.priority;
        x.rt = v.rt;
        x.cpu = v.cpus.empty() ? 0 : v.cpus.front();
        x.left = v.budget;
        x.next = v.period;
        vcpus_.push_back(x);
      }
    charging_.assign(s.pcpu_count(), sim::kIdleVcpu);
    since_.assign(s.pcpu_count(), 0);
  }

  sim::HostDecision do_schedule(std::uint32_t cpu, sim::Time now, sim::Tickles&) override {
    // Charge whoever held the pCPU's budget since the last decision.
    if (charging_[cpu] != sim::kIdleVcpu) {
      auto& c = vcpus_[charging_[cpu]];
      c.left = std::max<sim::Time>(0, c.left - (now - since_[cpu]));
    }
    for (auto& v : vcpus_)
      if (v.cpu == cpu)
        while (v.next <= now) {
          v.left = v.budget;
          v.next += v.period;
        }
    sim::VcpuId best = sim::kIdleVcpu;
    for (sim::VcpuId i = 0; i < vcpus_.size(); ++i) {
      const auto& v = vcpus_[i];
      if (v.cpu != cpu || v.left <= 0 || (!periodic_ && !v.awake)) continue;
      if (best == sim::kIdleVcpu || better(v, vcpus_[best])) best = i;
    }
    charging_[cpu] = best;
    since_[cpu] = now;
    sim::Time next = sim::kNever;
    for (const auto& v : vcpus_)
      if (v.cpu == cpu) next = std::min(next, v.next);
    if (best != sim::kIdleVcpu) next = std::min(next, now + vcpus_[best].left);
    const sim::VcpuId run = best != sim::kIdleVcpu && vcpus_[best].awake ? best : sim::kIdleVcpu;
    return {run, next};
  }
  void wake(sim::VcpuId v, sim::Time, sim::Tickles& t) override {
    vcpus_[v].awake = true;
    t.push_back(vcpus_[v].cpu);
  }
  void sleep(sim::VcpuId v, sim::Time, sim::Tickles& t) override {
    vcpus_[v].awake = false;
    t.push_back(vcpus_[v].cpu);
  }
  void context_saved(sim::VcpuId, std::uint32_t, sim::Time, sim::Tickles&) override {}

 private:
  struct V {
    sim::Time budget = 0, period = 0, left = 0, next = 0;
    int prio = 0;
    bool rt = true, awake = false;
    std::uint32_t cpu = 0;
  };
  static bool better(const V& a, const V& b) {
    if (a.rt != b.rt) return a.rt;
    return a.prio < b.prio;
  }
  bool periodic_;
  std::vector<V> vcpus_;
  std::vector<sim::VcpuId> charging_;
  std::vector<sim::Time> since_;
};

}  // namespace simtest
