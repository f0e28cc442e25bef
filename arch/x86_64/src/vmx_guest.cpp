// Guest CPU state beyond the VMCS (see vmx_guest.h). Architectural facts:
// Intel SDM vol. 3, 10.8.6.1 (CR8 and the TPR).
#include "arch/vmx_guest.h"

namespace arch::vmx {

bool tpr_holds_back(const VcpuContext& ctx, std::uint8_t vector) {
  return (vector >> 4) <= ctx.cpu.tpr;
}

}  // namespace arch::vmx
