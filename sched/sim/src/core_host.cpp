// HostScheduler over the real sched/ core (core_host.h): one
// sched::Scheduler per pool created through the registry into storage owned
// here, a NoLockAdapter lock (the engine is single-threaded), one
// sched::Vcpu per simulated vCPU (client pointer = engine vCPU number).
#include "sim/core_host.h"

#include <algorithm>
#include <vector>

#include "sched/lock.h"
#include "sched/params.h"
#include "sched/registry.h"
#include "sched/scheduler.h"
#include "sched/vcpu.h"

namespace sim {
namespace {

sched::Time to_core(Time t) { return static_cast<sched::Time>(t); }

Time from_core(sched::Time t) {
  return t == sched::kNever || t >= static_cast<sched::Time>(kNever) ? kNever
                                                                     : static_cast<Time>(t);
}

class CoreHost final : public HostScheduler {
 public:
  bool init(const Scenario& s, std::string& error) {
    const std::uint32_t ncpu = s.pcpu_count();
    if (ncpu > sched::kMaxCpus) {
      error = "the scheduler core handles at most 64 pCPUs";
      return false;
    }
    cpu_pool_.assign(ncpu, 0);
    for (std::uint32_t p = 0; p < s.pools.size(); ++p) {
      const PoolSpec& ps = s.pools[p];
      auto inst = std::make_unique<Instance>();
      sched::PolicySpec spec{ps.priority, ps.placement, ps.server};
      sched::SchedulerOptions opt;
      opt.quantum = to_core(ps.quantum);
      auto made = sched::create_scheduler(spec, inst->storage, inst->lock, opt);
      if (!made) {
        error = "pool " + ps.name + ": " + made.error().reason;
        return false;
      }
      inst->sched = *made;
      for (auto c : ps.cpus) {
        cpu_pool_[c] = p;
        const auto st = inst->sched->add_pcpu(c, 0);
        if (!st) {
          error = "pool " + ps.name + ": pCPU " + std::to_string(c) + ": " + st.reason();
          return false;
        }
      }
      pools_.push_back(std::move(inst));
    }
    for (std::uint32_t d = 0; d < s.domains.size(); ++d) {
      const DomainSpec& ds = s.domains[d];
      std::uint32_t pool = 0;
      for (std::uint32_t p = 0; p < s.pools.size(); ++p)
        if (s.pools[p].name == ds.pool) pool = p;
      for (std::uint32_t i = 0; i < ds.vcpus.size(); ++i) {
        const VcpuSpec& vs = ds.vcpus[i];
        const auto id = static_cast<VcpuId>(vcpus_.size());
        vcpus_.push_back(std::make_unique<sched::Vcpu>(
            d, i, reinterpret_cast<void*>(static_cast<std::uintptr_t>(id))));
        vcpu_pool_.push_back(pool);
        sched::Params prm;
        prm.server = vs.server.value_or(s.pools[pool].server);
        prm.budget = to_core(vs.budget);
        prm.period = to_core(vs.period);
        prm.priority = static_cast<std::uint32_t>(std::clamp(vs.priority, 0, 255));
        prm.rt = vs.rt;
        prm.cpu_mask = sched::CpuMask::all();
        if (!vs.cpus.empty()) {
          prm.cpu_mask = sched::CpuMask::none();
          for (auto c : vs.cpus) prm.cpu_mask.set(c);
        }
        const auto st = pools_[pool]->sched->add_vcpu(*vcpus_.back(), prm, 0);
        if (!st) {
          error = ds.name + "/v" + std::to_string(i) + ": " + st.reason();
          return false;
        }
        if (vs.phase > 0) phases_.push_back({vs.phase, id});
      }
    }
    // Latest first, so the next one due is at the back.
    std::sort(phases_.begin(), phases_.end(),
              [](const Phase& a, const Phase& b) { return a.at > b.at; });
    return true;
  }

  // A vCPU's phase: restart its period at that time (set_params starts a
  // fresh period at `now`), as if it had been created then.
  Time next_control() const override { return phases_.empty() ? kNever : phases_.back().at; }
  void control(Time now, Tickles& tickle) override {
    last_ = now;
    while (!phases_.empty() && phases_.back().at <= now) {
      const VcpuId v = phases_.back().vcpu;
      phases_.pop_back();
      sched::Scheduler* s = pools_[vcpu_pool_[v]]->sched;
      sched::CpuMask resched;
      (void)s->set_params(*vcpus_[v], s->get_params(*vcpus_[v]), to_core(now), &resched);
      for (sched::CpuId c = resched.first(); c != sched::kNoCpu; c = resched.next(c))
        tickle.push_back(c);
    }
  }

  ~CoreHost() override {
    // Tear down in the order the core requires: vCPUs asleep, descheduled
    // and saved, removed; then the schedulers.
    for (auto& v : vcpus_)
      if (v->in_scheduler()) v->scheduler()->sleep(*v, to_core(last_));
    for (std::uint32_t c = 0; c < cpu_pool_.size(); ++c) {
      if (pools_.empty()) break;
      sched::Scheduler* s = pools_[cpu_pool_[c]]->sched;
      if (!s || !s->pcpus().test(c)) continue;
      sched::Vcpu* prev = s->current(c);
      s->do_schedule(c, to_core(last_));
      if (prev) s->context_saved(*prev, c, to_core(last_));
    }
    for (auto& v : vcpus_)
      if (v->in_scheduler()) (void)v->scheduler()->remove_vcpu(*v, to_core(last_));
    for (auto& p : pools_)
      if (p->sched && p->sched->vcpu_count() == 0) sched::destroy_scheduler(p->sched);
  }

  HostDecision do_schedule(std::uint32_t cpu, Time now, Tickles& tickle) override {
    last_ = now;
    const sched::Decision d = pools_[cpu_pool_[cpu]]->sched->do_schedule(cpu, to_core(now));
    for (sched::CpuId c = d.tickle.first(); c != sched::kNoCpu; c = d.tickle.next(c))
      tickle.push_back(c);
    return {d.next ? id_of(*d.next) : kIdleVcpu, from_core(d.next_event)};
  }
  void wake(VcpuId v, Time now, Tickles& tickle) override {
    last_ = now;
    push(pools_[vcpu_pool_[v]]->sched->wake(*vcpus_[v], to_core(now)), tickle);
  }
  void sleep(VcpuId v, Time now, Tickles& tickle) override {
    last_ = now;
    push(pools_[vcpu_pool_[v]]->sched->sleep(*vcpus_[v], to_core(now)), tickle);
  }
  void context_saved(VcpuId v, std::uint32_t cpu, Time now, Tickles& tickle) override {
    last_ = now;
    push(pools_[vcpu_pool_[v]]->sched->context_saved(*vcpus_[v], cpu, to_core(now)), tickle);
  }
  const char* audit(Time now, const std::vector<Time>& armed) const override {
    sched::Time at[sched::kMaxCpus];
    for (sched::CpuId c = 0; c < sched::kMaxCpus; ++c)
      at[c] = c < armed.size() ? to_core(armed[c]) : sched::kNever;
    for (const auto& p : pools_)
      if (const char* broken = p->sched->audit(to_core(now), at)) return broken;
    return nullptr;
  }

 private:
  struct Instance {
    sched::SchedulerStorage storage;
    sched::NoLockAdapter lock;
    sched::Scheduler* sched = nullptr;
  };
  static VcpuId id_of(const sched::Vcpu& v) {
    return static_cast<VcpuId>(reinterpret_cast<std::uintptr_t>(v.client()));
  }
  static void push(sched::CpuId c, Tickles& t) {
    if (c != sched::kNoCpu) t.push_back(c);
  }

  std::vector<std::unique_ptr<Instance>> pools_;
  std::vector<std::unique_ptr<sched::Vcpu>> vcpus_;
  std::vector<std::uint32_t> vcpu_pool_;
  std::vector<std::uint32_t> cpu_pool_;
  struct Phase {
    Time at;
    VcpuId vcpu;
  };
  std::vector<Phase> phases_;
  Time last_ = 0;
};

}  // namespace

std::unique_ptr<HostScheduler> make_core_host(const Scenario& s, std::string& error) {
  auto h = std::make_unique<CoreHost>();
  if (!h->init(s, error)) return nullptr;
  return h;
}

HostFactory core_host_factory() { return make_core_host; }

}  // namespace sim
