// Guest CPU state beyond the VMCS, per vCPU (GuestCpuState in vmcs.h): the
// switch of DR0-DR3, DR6 and IA32_KERNEL_GS_BASE when a vCPU is loaded on
// or saved from a pCPU, the MSR allow-list behind RDMSR/WRMSR exits, the
// guest's CPL, and whether its virtual TPR holds an interrupt back. Like
// vmcs.h, everything acts on the current CPU and the current VMCS; the
// caller keeps the vCPU loaded on this CPU meanwhile (no locking).
#pragma once

#include <cstdint>

#include "arch/vmcs.h"

namespace arch::vmx {

// After load(): puts the vCPU's DR0-DR3, DR6 and KERNEL_GS_BASE into this
// CPU. Before clear(): takes them back. In between the physical registers
// hold the guest's values (the hypervisor uses none of them; DR7, which
// arms breakpoints, is in the VMCS and 0x400 in the host after every exit).
void restore_guest_cpu_state(const VcpuContext& ctx);
void save_guest_cpu_state(VcpuContext& ctx);

// RDMSR/WRMSR exits (every MSR exits: no MSR bitmap). The allow-list:
// EFER (SCE, LME, NXE writable; LMA must be written as it reads; LME
// fixed while CR0.PG is set), FS_BASE, GS_BASE and KERNEL_GS_BASE (canonical values only).
// Anything else, and any write that would make guest state invalid, is
// refused: the caller injects #GP and the guest state is unchanged.
enum class MsrResult : std::uint8_t { done, general_protection };
MsrResult emulate_msr(bool write, VcpuContext& ctx);

// The current privilege level of the guest (SS.DPL in the VMCS).
unsigned guest_cpl();

// Whether the guest's virtual TPR (CR8) holds back an interrupt on
// `vector` (its priority class, vector >> 4, is not above the TPR).
bool tpr_holds_back(const VcpuContext& ctx, std::uint8_t vector);

}  // namespace arch::vmx
