// Running a vCPU on the current CPU and handling its VM exits: CPUID,
// port I/O (the emulated COM1 console), VMCALL hypercalls, HLT, MSRs,
// external interrupts, and every guest fault, which ends that domain only.
// The caller runs one vCPU per CPU at a time.
#pragma once

#include "hv/domain.h"

namespace hv {

enum class RunOutcome : std::uint8_t { shut_down, crashed, halted };

// Runs the domain's vCPU until it shuts down, crashes or halts with
// nothing to wake it (this version has no event sources for guests yet).
RunOutcome run_until_stopped(Domain& d);

}  // namespace hv
