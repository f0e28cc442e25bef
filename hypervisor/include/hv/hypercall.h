// VMCALL dispatch: decodes the hypercall in the vCPU's registers, checks
// it, runs it and leaves the result (0, a value, or a negative errno) in
// rax. Runs on the pCPU the vCPU is loaded on. Work per VM exit is
// bounded: a console_write is carried out one chunk per exit and continued
// (Xen's hypercall continuations, invisible to the guest: its registers
// are left as they were, the rip stays on the VMCALL until the last chunk;
// state in Vcpu::continuation), so it is preempted between chunks and
// charged to the caller's budget like guest time. domctl_create is
// continued the same way: its new domain's memory is zeroed and mapped
// control::kCreateStepBytes per exit (hv/control.h).
#pragma once

#include <cstdint>

#include "arch/vmcs.h"
#include "hv/vcpu_run.h"

namespace hv::hypercall {

Leave dispatch(Vcpu& v, const arch::vmx::ExitInfo& x);
// Ends the vCPU's continued call, if any: a domctl_create's partial domain
// is torn down and its memory returned. Called when the caller's next
// hypercall is another one, and by the reaper for an ending caller (its
// vCPUs loaded nowhere).
void abandon(Vcpu& v);
// CPUID 0x40000001 ebx: the calls this hypervisor implements.
std::uint32_t feature_bits();

}  // namespace hv::hypercall
