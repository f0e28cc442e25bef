// Guest CPU state beyond the VMCS, per vCPU (GuestCpuState in vmcs.h):
// whether the guest's virtual TPR holds an interrupt back. Like vmcs.h,
// everything acts on the current CPU and the current VMCS; the caller keeps
// the vCPU loaded on this CPU meanwhile (no locking).
#pragma once

#include <cstdint>

#include "arch/vmcs.h"

namespace arch::vmx {

// Whether the guest's virtual TPR (CR8) holds back an interrupt on
// `vector` (its priority class, vector >> 4, is not above the TPR).
bool tpr_holds_back(const VcpuContext& ctx, std::uint8_t vector);

}  // namespace arch::vmx
