// Running one vCPU on the current pCPU and handling its VM exits: CPUID,
// port I/O (the emulated COM1 console), VMCALL hypercalls, HLT, MSRs,
// external interrupts, and every guest fault, which ends that domain only.
// The caller (the scheduling loop) has loaded the vCPU on this pCPU and
// runs it with interrupts disabled; no other CPU touches it meanwhile.
#pragma once

#include <atomic>

#include "hv/vcpu.h"

namespace hv {

// Why run_vcpu returned to the scheduling loop.
enum class Leave : std::uint8_t {
  resume,   // (internal) go back into the guest
  resched,  // the pCPU's resched flag is set: decide again
  block,    // the guest waits for work (HLT, sched_block)
  yield,    // sched_yield
  ended,    // its domain ended (shutdown, crash, destroyed)
};

// Enters the guest until it leaves for one of the reasons above; the run
// ends at the latest at `deadline_tsc` (the pCPU's next scheduling event).
Leave run_vcpu(Vcpu& v, const std::atomic<std::uint32_t>& resched, std::uint64_t deadline_tsc);

}  // namespace hv
