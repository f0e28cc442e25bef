// The hypervisor-side contract the engine drives, exactly as the hypervisor
// will drive the scheduler core (design §5, thesis §2.1.1):
//  * do_schedule(cpu, now) -> the vCPU to run next (or idle) and the
//    absolute time of that pCPU's next scheduling event, plus other pCPUs
//    to tickle;
//  * wake(v) / sleep(v) when a vCPU's guest gets work / runs out of it,
//    returning the pCPUs to tickle (reschedule now);
//  * context_saved(v) after a pCPU switched away from v (shared run
//    queues put it back there), possibly tickling pCPUs too.
// vCPUs are numbered 0..n-1 over the whole scenario (domain order, then
// vCPU order); pCPUs by their absolute number. The adapter over the real
// sched/ core implements this (core_host.h); tests may use simple fakes.
// Called from the engine's single thread only; no locking.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace sim {

using VcpuId = std::uint32_t;
inline constexpr VcpuId kIdleVcpu = 0xffffffffu;

struct HostDecision {
  VcpuId next = kIdleVcpu;
  Time next_event = kNever;  // absolute; the engine calls do_schedule again then
};

using Tickles = std::vector<std::uint32_t>;

class HostScheduler {
 public:
  virtual ~HostScheduler() = default;
  virtual HostDecision do_schedule(std::uint32_t cpu, Time now, Tickles& tickle) = 0;
  virtual void wake(VcpuId v, Time now, Tickles& tickle) = 0;
  virtual void sleep(VcpuId v, Time now, Tickles& tickle) = 0;
  virtual void context_saved(VcpuId v, std::uint32_t cpu, Time now, Tickles& tickle) = 0;
  // Control-plane events the host wants at a given time (e.g. starting a
  // vCPU's period at its phase with set_params); kNever when none.
  virtual Time next_control() const { return kNever; }
  virtual void control(Time /*now*/, Tickles& /*tickle*/) {}
  // The host's own invariants once an instant is settled (every tickle,
  // switch and due event served); `armed[c]` is pCPU c's next event.
  // nullptr when they hold (or the host has none), else what broke.
  virtual const char* audit(Time /*now*/, const std::vector<Time>& /*armed*/) const {
    return nullptr;
  }
};

}  // namespace sim
