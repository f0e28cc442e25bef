// Guest CPU state beyond the VMCS (see vmx_guest.h). Architectural facts:
// Intel SDM vol. 3, 17.2 (debug registers), 10.8.6.1 (CR8 and the TPR).
#include "arch/vmx_guest.h"

#include "arch/cpu.h"
#include "arch/msr.h"

namespace arch::vmx {

void restore_guest_cpu_state(const VcpuContext& ctx) {
  write_dr0(ctx.cpu.dr[0]);
  write_dr1(ctx.cpu.dr[1]);
  write_dr2(ctx.cpu.dr[2]);
  write_dr3(ctx.cpu.dr[3]);
  write_dr6(ctx.cpu.dr6);
  wrmsr(msr::kKernelGsBase, ctx.cpu.kernel_gs_base);
}

void save_guest_cpu_state(VcpuContext& ctx) {
  ctx.cpu.dr[0] = read_dr0();
  ctx.cpu.dr[1] = read_dr1();
  ctx.cpu.dr[2] = read_dr2();
  ctx.cpu.dr[3] = read_dr3();
  ctx.cpu.dr6 = read_dr6();
  ctx.cpu.kernel_gs_base = rdmsr(msr::kKernelGsBase);
}

bool tpr_holds_back(const VcpuContext& ctx, std::uint8_t vector) {
  return (vector >> 4) <= ctx.cpu.tpr;
}

}  // namespace arch::vmx
