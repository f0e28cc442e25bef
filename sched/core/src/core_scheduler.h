// CoreScheduler: the one Scheduler implementation behind every registry
// entry; priority scheme, placement and default server are runtime fields.
// All state is guarded by the injected Lock (see sched/scheduler.h).
#pragma once

#include "sched/lock.h"
#include "sched/registry.h"
#include "sched/scheduler.h"

namespace sched::detail {

class CoreScheduler final : public Scheduler {
 public:
  CoreScheduler(const PolicySpec& spec, Lock& lock, const SchedulerOptions& options);
  ~CoreScheduler() override;

  const char* name() const override { return name_; }
  PriorityScheme priority_scheme() const override { return spec_.priority; }
  Placement placement() const override { return spec_.placement; }
  ServerKind default_server() const override { return spec_.server; }
  const SchedulerOptions& options() const override { return options_; }

  support::Status add_pcpu(CpuId cpu, Time now) override;
  support::Status remove_pcpu(CpuId cpu, Time now) override;
  CpuMask pcpus() const override;
  support::Status add_vcpu(Vcpu& v, const Params& p, Time now) override;
  support::Status remove_vcpu(Vcpu& v, Time now) override;
  std::uint32_t vcpu_count() const override;
  CpuId wake(Vcpu& v, Time now) override;
  CpuId sleep(Vcpu& v, Time now) override;
  CpuId yield(Vcpu& v, Time now) override;
  Decision do_schedule(CpuId cpu, Time now) override;
  CpuId context_saved(Vcpu& v, CpuId cpu, Time now) override;
  CpuId pick_cpu(const Vcpu& v) override;
  Vcpu* current(CpuId cpu) const override;
  Params get_params(const Vcpu& v) const override;
  support::Status set_params(Vcpu& v, const Params& p, Time now, CpuMask* resched) override;
  SchedulerStats stats() const override;
  VcpuStats vcpu_stats(const Vcpu& v) const override;

 private:
  PolicySpec spec_;
  Lock& lock_;
  SchedulerOptions options_;
  char name_[40] = {};
  CpuMask cpus_;
  std::uint32_t nr_vcpus_ = 0;
  SchedulerStats stats_{};
};

}  // namespace sched::detail
