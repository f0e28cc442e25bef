// The two schedulers the benchmarks drive, behind one shape: the scheduler
// core (through sched::Scheduler, as the hypervisor calls it) and the literal
// Algorithm 2 baseline (alg2_baseline.h). Shared by bench_sched (Google
// Benchmark timings) and sched_icount (exact instruction counts under
// callgrind), so both measure the same cycle. Single threaded; no locking.
//  * cycle: the vCPU current on pCPU c blocks (sleep), c decides
//    (do_schedule), the switched-out vCPU's context_saved runs, and the vCPU
//    wakes again (wake + tickle); c rotates over the pCPUs;
//  * tick: do_schedule alone on a busy pCPU (a timer tick; usually no
//    change; context_saved only when the decision switched).
// Time advances 100 ns per step, so period boundaries are crossed and
// replenishments happen during a run. Deferrable servers, budget = period.
// A Mix changes both (sched_latency: budget below period, so budgets run
// out), and a Probe brackets every do_schedule call (sched_latency times
// each one); the default NoProbe compiles to nothing.
#pragma once

#include <memory>
#include <vector>

#include "alg2_baseline.h"
#include "alg2_called.h"
#include "sched/registry.h"

namespace bench {

// Keeps a result alive without the benchmark library (an empty asm that
// claims to read it).
template <typename T>
inline void keep(const T& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

constexpr int kCpus = 4;

sched::Time period_of(int i) { return sched::ms(10) + sched::us(1) * static_cast<sched::Time>(i); }

struct Mix {
  int budget_percent = 100;  // budget as a share of the period
  sched::Time step = 100;    // ns the clock advances per step
  sched::Time budget_of(int i) const {
    return period_of(i) * static_cast<sched::Time>(budget_percent) / 100;
  }
};

struct NoProbe {
  void begin() {}
  void end() {}
};

template <typename Probe = NoProbe>
struct CoreT {
  sched::NoLockAdapter lock;
  sched::SchedulerStorage storage;
  sched::Scheduler* s = nullptr;
  std::vector<std::unique_ptr<sched::Vcpu>> vcpus;
  sched::Vcpu* cur[kCpus] = {};
  sched::Time now = 0;
  Mix mix;
  Probe probe;

  CoreT(bool global, int n, Mix m = {}) : mix(m) {
    s = *sched::create_scheduler(global ? "edf:global:deferrable" : "edf:partitioned:deferrable",
                                 storage, lock);
    for (int c = 0; c < kCpus; ++c) (void)s->add_pcpu(static_cast<sched::CpuId>(c), 0);
    for (int i = 0; i < n; ++i) {
      vcpus.push_back(std::make_unique<sched::Vcpu>(static_cast<std::uint32_t>(i), 0));
      sched::Params p;
      p.server = sched::ServerKind::deferrable;
      p.period = period_of(i);
      p.budget = mix.budget_of(i);
      p.cpu_mask = global ? sched::CpuMask::all()
                          : sched::CpuMask::single(static_cast<sched::CpuId>(i % kCpus));
      (void)s->add_vcpu(*vcpus.back(), p, 0);
      (void)s->wake(*vcpus.back(), 0);
    }
    for (int c = 0; c < kCpus; ++c) decide(c);
  }
  ~CoreT() {
    for (int c = 0; c < kCpus; ++c)
      if (cur[c] != nullptr) (void)s->sleep(*cur[c], now);
    for (int c = 0; c < kCpus; ++c) decide(c);
    for (auto& v : vcpus) (void)s->remove_vcpu(*v, now);
    sched::destroy_scheduler(s);
  }
  void decide(int c) {
    const auto cpu = static_cast<sched::CpuId>(c);
    probe.begin();
    sched::Decision d = s->do_schedule(cpu, now);
    probe.end();
    sched::Vcpu* prev = cur[c];
    cur[c] = d.next;
    if (prev != nullptr && prev != d.next) (void)s->context_saved(*prev, cpu, now);
  }
  void cycle(int c) {
    sched::Vcpu* v = cur[c];
    if (v != nullptr) (void)s->sleep(*v, now);
    decide(c);
    if (v != nullptr) keep(s->wake(*v, now));
    now += mix.step;
  }
  void tick(int c) {
    decide(c);
    keep(cur[c]);
    now += mix.step;
  }
};
using Core = CoreT<>;

// The Algorithm 2 cycle, over either the inline baseline (Baseline: the
// compiler sees and inlines everything) or the same code behind an indirect
// call (CalledBaseline, alg2_called.h).
template <typename Derived, typename Probe>
struct BaselineCycle {
  std::vector<alg2::Vcpu> vcpus;
  alg2::Vcpu* cur[kCpus] = {};
  alg2::Time now = 0;
  Mix mix;
  Probe probe;

  auto& s() { return static_cast<Derived*>(this)->sched(); }
  void init(bool global, int n, Mix m) {
    mix = m;
    vcpus = std::vector<alg2::Vcpu>(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      alg2::Vcpu& v = vcpus[static_cast<std::size_t>(i)];
      v.period = period_of(i);
      v.budget = mix.budget_of(i);
      v.cpu_mask = global ? ~0ull : (1ull << (i % kCpus));
      s().add(&v, 0);
      s().wake(&v, 0);
    }
    for (int c = 0; c < kCpus; ++c) decide(c);
  }
  void decide(int c) {
    probe.begin();
    alg2::Vcpu* next = s().do_schedule(c, now);
    probe.end();
    alg2::Vcpu* prev = cur[c];
    cur[c] = next;
    if (prev != nullptr && prev != next) s().context_saved(prev, c, now);
  }
  void cycle(int c) {
    alg2::Vcpu* v = cur[c];
    if (v != nullptr) s().sleep(v, now);
    decide(c);
    if (v != nullptr) keep(s().wake(v, now));
    now += mix.step;
  }
  void tick(int c) {
    decide(c);
    keep(cur[c]);
    now += mix.step;
  }
};

template <typename Probe = NoProbe>
struct BaselineT : BaselineCycle<BaselineT<Probe>, Probe> {
  alg2::Scheduler impl;
  BaselineT(bool global, int n, Mix m = {}) : impl(kCpus, global) { this->init(global, n, m); }
  alg2::Scheduler& sched() { return impl; }
};
using Baseline = BaselineT<>;

template <typename Probe = NoProbe>
struct CalledBaselineT : BaselineCycle<CalledBaselineT<Probe>, Probe> {
  std::unique_ptr<Alg2Interface> impl;
  CalledBaselineT(bool global, int n, Mix m = {}) : impl(make_called_alg2(kCpus, global)) {
    this->init(global, n, m);
  }
  Alg2Interface& sched() { return *impl; }
};
using CalledBaseline = CalledBaselineT<>;

}  // namespace bench
