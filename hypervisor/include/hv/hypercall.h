// VMCALL dispatch: decodes the hypercall in the vCPU's registers, checks
// it, runs it and leaves the result (0, a value, or a negative errno) in
// rax. Runs on the pCPU the vCPU is loaded on. Work per VM exit is
// bounded: a console_write is carried out one chunk per exit and continued
// (Xen's hypercall continuations, invisible to the guest: its registers
// are left as they were, the rip stays on the VMCALL until the last chunk;
// state in Vcpu::continuation), so it is preempted between chunks and
// charged to the caller's budget like guest time.
#pragma once

#include <cstdint>

#include "arch/vmcs.h"
#include "hv/vcpu_run.h"

namespace hv::hypercall {

Leave dispatch(Vcpu& v, const arch::vmx::ExitInfo& x);
// CPUID 0x40000001 ebx: the calls this hypervisor implements.
std::uint32_t feature_bits();

}  // namespace hv::hypercall
