// Skeleton (STEP 1): compiles and links; behaviour follows.
#include "core_scheduler.h"

namespace sched::detail {

using support::Errc;
using support::make_error;
using support::Status;

CoreScheduler::CoreScheduler(const PolicySpec& spec, Lock& lock, const SchedulerOptions& options)
    : spec_(spec), lock_(lock), options_(options) {}
CoreScheduler::~CoreScheduler() = default;

Status CoreScheduler::add_pcpu(CpuId cpu, Time) {
  LockGuard g(lock_);
  cpus_.set(cpu);
  return Status::success();
}
Status CoreScheduler::remove_pcpu(CpuId cpu, Time) {
  LockGuard g(lock_);
  cpus_.clear(cpu);
  return Status::success();
}
CpuMask CoreScheduler::pcpus() const { return cpus_; }
Status CoreScheduler::add_vcpu(Vcpu&, const Params&, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
Status CoreScheduler::remove_vcpu(Vcpu&, Time) {
  return make_error(Errc::unsupported, "not implemented yet");
}
std::uint32_t CoreScheduler::vcpu_count() const { return nr_vcpus_; }
CpuId CoreScheduler::wake(Vcpu&, Time) { return kNoCpu; }
CpuId CoreScheduler::sleep(Vcpu&, Time) { return kNoCpu; }
CpuId CoreScheduler::yield(Vcpu&, Time) { return kNoCpu; }
Decision CoreScheduler::do_schedule(CpuId, Time) { return Decision{}; }
CpuId CoreScheduler::context_saved(Vcpu&, CpuId, Time) { return kNoCpu; }
CpuId CoreScheduler::pick_cpu(const Vcpu&) { return cpus_.first(); }
Vcpu* CoreScheduler::current(CpuId) const { return nullptr; }
Params CoreScheduler::get_params(const Vcpu& v) const { return v.state.params; }
Status CoreScheduler::set_params(Vcpu&, const Params&, Time, CpuMask*) {
  return make_error(Errc::unsupported, "not implemented yet");
}
SchedulerStats CoreScheduler::stats() const { return stats_; }
VcpuStats CoreScheduler::vcpu_stats(const Vcpu& v) const { return v.state.stats; }

}  // namespace sched::detail
