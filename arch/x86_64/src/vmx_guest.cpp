// Guest CPU state beyond the VMCS (see vmx_guest.h). Architectural facts:
// Intel SDM vol. 3, 17.2 (debug registers), 2.2.1.2 and 5.8.8 (EFER,
// canonical bases), 10.8.6.1 (CR8 and the TPR).
#include "arch/vmx_guest.h"

#include "arch/cpu.h"
#include "arch/msr.h"

namespace arch::vmx {
namespace {

using vmcs::Field;

// 48-bit linear addresses: bits 63:47 all equal.
bool canonical(std::uint64_t v) {
  return static_cast<std::uint64_t>(static_cast<std::int64_t>(v << 16) >> 16) == v;
}

bool write_efer(std::uint64_t value) {
  constexpr std::uint64_t kSce = 1ull << 0, kLme = 1ull << 8, kLma = 1ull << 10, kNxe = 1ull << 11;
  constexpr std::uint64_t kCr0Pg = 1ull << 31;
  std::uint64_t current = vmcs::read<Field::guest_efer>();
  if ((value & ~(kSce | kLme | kLma | kNxe)) != 0) return false;  // reserved bits
  if ((value & kLma) != (current & kLma)) return false;           // LMA is the CPU's
  // With paging on, LME must stay as it is (LMA == LME & PG afterwards).
  bool paging = (vmcs::read<Field::guest_cr0>() & kCr0Pg) != 0;
  if (paging && (value & kLme) != (current & kLme)) return false;
  vmcs::write<Field::guest_efer>(value);
  return true;
}

}  // namespace

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

MsrResult emulate_msr(bool write, VcpuContext& ctx) {
  auto& r = ctx.regs;
  auto number = static_cast<std::uint32_t>(r.rcx);
  std::uint64_t value = (r.rdx << 32) | (r.rax & 0xffffffffull);
  std::uint64_t current = 0;
  bool ok = true;
  switch (number) {
    case msr::kEfer:
      current = vmcs::read<Field::guest_efer>();
      if (write) ok = write_efer(value);
      break;
    case msr::kFsBase:
      current = vmcs::read<Field::guest_fs_base>();
      ok = !write || canonical(value);
      if (write && ok) vmcs::write<Field::guest_fs_base>(value);
      break;
    case msr::kGsBase:
      current = vmcs::read<Field::guest_gs_base>();
      ok = !write || canonical(value);
      if (write && ok) vmcs::write<Field::guest_gs_base>(value);
      break;
    case msr::kKernelGsBase:  // the guest's value is in the MSR while it is loaded
      current = rdmsr(msr::kKernelGsBase);
      ok = !write || canonical(value);
      if (write && ok) wrmsr(msr::kKernelGsBase, value);
      break;
    default:
      ok = false;
      break;
  }
  if (!ok) return MsrResult::general_protection;
  if (!write) {
    r.rax = current & 0xffffffffull;
    r.rdx = current >> 32;
  }
  return MsrResult::done;
}

unsigned guest_cpl() { return (vmcs::read<Field::guest_ss_access>() >> 5) & 3; }

bool tpr_holds_back(const VcpuContext& ctx, std::uint8_t vector) {
  return (vector >> 4) <= ctx.cpu.tpr;
}

}  // namespace arch::vmx
