// VMCS access, VMX operation, PVH guest set-up and VM entry (see vmcs.h).
// Control bits: Intel SDM vol. 3, ch. 25 "VM-execution control fields".
#include "arch/vmcs.h"

#include "arch/cpu.h"
#include "arch/idt.h"
#include "arch/interrupts.h"
#include "arch/msr.h"

extern "C" int vmx_enter(arch::vmx::GuestRegisters* regs, int launched);
extern "C" void vmx_exit_stub();

namespace arch::vmcs {

const char* exit_reason_name(std::uint32_t r) {
  switch (static_cast<ExitReason>(r)) {
    case ExitReason::exception_or_nmi:
      return "exception or NMI";
    case ExitReason::external_interrupt:
      return "external interrupt";
    case ExitReason::triple_fault:
      return "triple fault";
    case ExitReason::init_signal:
      return "INIT signal";
    case ExitReason::cpuid:
      return "CPUID";
    case ExitReason::hlt:
      return "HLT";
    case ExitReason::vmcall:
      return "VMCALL";
    case ExitReason::cr_access:
      return "control-register access";
    case ExitReason::io_instruction:
      return "I/O instruction";
    case ExitReason::rdmsr:
      return "RDMSR";
    case ExitReason::wrmsr:
      return "WRMSR";
    case ExitReason::invalid_guest_state:
      return "invalid guest state";
    case ExitReason::msr_loading:
      return "MSR loading";
    case ExitReason::machine_check:
      return "machine check";
    case ExitReason::ept_violation:
      return "EPT violation";
    case ExitReason::ept_misconfig:
      return "EPT misconfiguration";
    case ExitReason::preemption_timer:
      return "preemption timer";
    case ExitReason::xsetbv:
      return "XSETBV";
    default:
      return "other VM exit";
  }
}

std::uint64_t raw_read(Field f) {
  std::uint64_t v = 0;
  asm volatile("vmread %1, %0" : "=r"(v) : "r"(static_cast<std::uint64_t>(f)) : "cc");
  return v;
}

bool raw_write(Field f, std::uint64_t value) {
  std::uint8_t failed = 0;
  asm volatile("vmwrite %1, %2; setna %0"
               : "=qm"(failed)
               : "r"(value), "r"(static_cast<std::uint64_t>(f))
               : "cc", "memory");
  return failed == 0;
}

}  // namespace arch::vmcs

namespace arch::vmx {
namespace {

using vmcs::Field;

// Pin-based controls
constexpr std::uint32_t kPinExternalInterruptExiting = 1u << 0;
constexpr std::uint32_t kPinNmiExiting = 1u << 3;
constexpr std::uint32_t kPinPreemptionTimer = 1u << 6;
// Primary processor-based controls
constexpr std::uint32_t kProcHltExiting = 1u << 7;
constexpr std::uint32_t kProcCr8LoadExiting = 1u << 19;
constexpr std::uint32_t kProcCr8StoreExiting = 1u << 20;
constexpr std::uint32_t kProcUnconditionalIoExiting = 1u << 24;
constexpr std::uint32_t kProcSecondaryControls = 1u << 31;
// Secondary processor-based controls
constexpr std::uint32_t kProc2EnableEpt = 1u << 1;
constexpr std::uint32_t kProc2EnableVpid = 1u << 5;
constexpr std::uint32_t kProc2UnrestrictedGuest = 1u << 7;
// Exit controls
constexpr std::uint32_t kExitSaveDebugControls = 1u << 2;
constexpr std::uint32_t kExitHostAddressSpaceSize = 1u << 9;
constexpr std::uint32_t kExitSaveEfer = 1u << 20;
constexpr std::uint32_t kExitLoadEfer = 1u << 21;
// Entry controls
constexpr std::uint32_t kEntryLoadDebugControls = 1u << 2;
constexpr std::uint32_t kEntryLoadEfer = 1u << 15;

constexpr std::uint64_t kCr0Pe = 1ull << 0, kCr0Et = 1ull << 4, kCr0Ne = 1ull << 5,
                        kCr0Pg = 1ull << 31;
constexpr std::uint64_t kCr4Vmxe = 1ull << 13;

// Applies the allowed-0/allowed-1 settings of a capability MSR to the
// wanted bits; fails when a wanted bit is not allowed.
bool adjust(std::uint32_t msr, std::uint32_t wanted, std::uint32_t& out) {
  std::uint64_t cap = rdmsr(msr);
  auto allowed0 = static_cast<std::uint32_t>(cap);        // bits that must be 1
  auto allowed1 = static_cast<std::uint32_t>(cap >> 32);  // bits that may be 1
  out = (wanted | allowed0) & allowed1;
  return (out & wanted) == wanted;
}

std::uint64_t sgdt_base() {
  DescriptorPointer p{};
  asm volatile("sgdt %0" : "=m"(p));
  return p.base;
}

std::uint64_t sidt_base() {
  DescriptorPointer p{};
  asm volatile("sidt %0" : "=m"(p));
  return p.base;
}

support::Status vmx_status(std::uint8_t failed, const char* what) {
  if (failed) return support::make_error(support::Errc::io, what);
  return support::Status::success();
}

}  // namespace

support::Status enter_vmx_operation(const Capabilities& caps, std::uint64_t region_phys) {
  if ((read_cr4() & kCr4Vmxe) != 0) return support::Status::success();  // already on
  auto* region = reinterpret_cast<volatile std::uint32_t*>(region_phys);
  for (unsigned i = 0; i < 1024; ++i) region[i] = 0;
  region[0] = caps.revision;
  write_cr0((read_cr0() | rdmsr(msr::kVmxCr0Fixed0)) & rdmsr(msr::kVmxCr0Fixed1));
  write_cr4((read_cr4() | kCr4Vmxe | rdmsr(msr::kVmxCr4Fixed0)) & rdmsr(msr::kVmxCr4Fixed1));
  std::uint8_t failed = 0;
  asm volatile("vmxon %1; setna %0" : "=qm"(failed) : "m"(region_phys) : "cc", "memory");
  return vmx_status(failed, "VMXON failed");
}

support::Status create_vmcs(VcpuContext& ctx, const Capabilities& caps, std::uint64_t region_phys) {
  auto* region = reinterpret_cast<volatile std::uint32_t*>(region_phys);
  for (unsigned i = 0; i < 1024; ++i) region[i] = 0;
  region[0] = caps.revision;
  ctx.vmcs_phys = region_phys;
  ctx.launched = false;
  std::uint8_t failed = 0;
  asm volatile("vmclear %1; setna %0" : "=qm"(failed) : "m"(region_phys) : "cc", "memory");
  if (failed) return support::make_error(support::Errc::io, "VMCLEAR failed");
  return load(ctx);
}

support::Status clear(VcpuContext& ctx) {
  std::uint8_t failed = 0;
  asm volatile("vmclear %1; setna %0" : "=qm"(failed) : "m"(ctx.vmcs_phys) : "cc", "memory");
  ctx.launched = false;
  return vmx_status(failed, "VMCLEAR failed");
}

std::uint64_t current_vmcs() {
  std::uint64_t pointer = ~0ull;
  asm volatile("vmptrst %0" : "=m"(pointer)::"memory");
  return pointer;
}

support::Status load_pointer(std::uint64_t vmcs_phys) {
  std::uint8_t failed = 0;
  asm volatile("vmptrld %1; setna %0" : "=qm"(failed) : "m"(vmcs_phys) : "cc", "memory");
  return vmx_status(failed, "VMPTRLD failed");
}

support::Status load(VcpuContext& ctx) {
  std::uint8_t failed = 0;
  asm volatile("vmptrld %1; setna %0" : "=qm"(failed) : "m"(ctx.vmcs_phys) : "cc", "memory");
  return vmx_status(failed, "VMPTRLD failed");
}

void write_host_state() {
  using vmcs::write;
  write<Field::host_cr0>(read_cr0());
  write<Field::host_cr3>(read_cr3());
  write<Field::host_cr4>(read_cr4());
  write<Field::host_cs_selector>(kKernelCode);
  write<Field::host_ss_selector>(kKernelData);
  write<Field::host_ds_selector>(kKernelData);
  write<Field::host_es_selector>(kKernelData);
  write<Field::host_fs_selector>(0);
  write<Field::host_gs_selector>(0);
  write<Field::host_tr_selector>(kTssSelector);
  write<Field::host_fs_base>(rdmsr(msr::kFsBase));
  write<Field::host_gs_base>(rdmsr(msr::kGsBase));
  std::uint64_t gdt = sgdt_base();
  const auto* g = reinterpret_cast<const std::uint64_t*>(gdt);
  std::uint64_t tr_base = ((g[3] >> 16) & 0xffffff) | ((g[3] >> 56) << 24) | (g[4] << 32);
  write<Field::host_tr_base>(tr_base);
  write<Field::host_gdtr_base>(gdt);
  write<Field::host_idtr_base>(sidt_base());
  write<Field::host_sysenter_cs>(0);
  write<Field::host_sysenter_esp>(0);
  write<Field::host_sysenter_eip>(0);
  write<Field::host_efer>(rdmsr(msr::kEfer));
  write<Field::host_pat>(rdmsr(msr::kPat));
  write<Field::host_rip>(reinterpret_cast<std::uint64_t>(&vmx_exit_stub));
}

support::Status setup_pvh(const Capabilities& caps, const PvhEntry& e) {
  using vmcs::write;
  if (!caps.ept || !caps.unrestricted_guest || !caps.secondary_controls)
    return support::make_error(support::Errc::unsupported,
                               "VT-x lacks EPT or unrestricted guest, which PVH entry needs");
  std::uint32_t pin, proc, proc2, exit_ctl, entry_ctl;
  bool ok = adjust(caps.true_controls ? msr::kVmxTruePinbasedCtls : msr::kVmxPinbasedCtls,
                   kPinExternalInterruptExiting | kPinNmiExiting, pin);
  ok = ok && adjust(caps.true_controls ? msr::kVmxTrueProcbasedCtls : msr::kVmxProcbasedCtls,
                    kProcHltExiting | kProcCr8LoadExiting | kProcCr8StoreExiting |
                        kProcUnconditionalIoExiting | kProcSecondaryControls,
                    proc);
  std::uint32_t want2 = kProc2EnableEpt | kProc2UnrestrictedGuest | (e.vpid ? kProc2EnableVpid : 0);
  ok = ok && adjust(msr::kVmxProcbasedCtls2, want2, proc2);
  ok = ok &&
       adjust(caps.true_controls ? msr::kVmxTrueExitCtls : msr::kVmxExitCtls,
              kExitSaveDebugControls | kExitHostAddressSpaceSize | kExitSaveEfer | kExitLoadEfer,
              exit_ctl);
  ok = ok && adjust(caps.true_controls ? msr::kVmxTrueEntryCtls : msr::kVmxEntryCtls,
                    kEntryLoadDebugControls | kEntryLoadEfer, entry_ctl);
  if (!ok)
    return support::make_error(support::Errc::unsupported, "a required VMX control is not allowed");
  // CR3 load/store exiting are default-1 on older CPUs; clear them where allowed (EPT).
  std::uint32_t proc_cr3 = proc & ~((1u << 15) | (1u << 16));
  std::uint64_t proc_cap =
      rdmsr(caps.true_controls ? msr::kVmxTrueProcbasedCtls : msr::kVmxProcbasedCtls);
  if ((proc_cr3 & static_cast<std::uint32_t>(proc_cap)) == static_cast<std::uint32_t>(proc_cap))
    proc = proc_cr3;

  // The VMX preemption timer bounds every guest run by the next scheduling
  // event even where external interrupts are slow to force an exit.
  std::uint32_t pin_timer = 0;
  if (caps.preemption_timer &&
      adjust(caps.true_controls ? msr::kVmxTruePinbasedCtls : msr::kVmxPinbasedCtls,
             pin | kPinPreemptionTimer, pin_timer))
    pin = pin_timer;
  write<Field::pin_based_controls>(pin);
  write<Field::primary_proc_controls>(proc);
  write<Field::secondary_proc_controls>(proc2);
  write<Field::exit_controls>(exit_ctl);
  write<Field::entry_controls>(entry_ctl);
  write<Field::exception_bitmap>(1u << 18);  // machine checks exit
  write<Field::cr3_target_count>(0);
  write<Field::ept_pointer>(e.ept_pointer);
  if (e.vpid) write<Field::vpid>(e.vpid);
  write<Field::vmcs_link_pointer>(~0ull);
  write<Field::exit_msr_store_count>(0);
  write<Field::exit_msr_load_count>(0);
  write<Field::entry_msr_load_count>(0);
  write<Field::entry_interruption_info>(0);

  write_host_state();

  // Guest state: PVH entry, 32-bit flat protected mode, paging off.
  std::uint64_t cr0 = (kCr0Pe | kCr0Et | kCr0Ne | rdmsr(msr::kVmxCr0Fixed0)) & ~kCr0Pg;
  cr0 &= rdmsr(msr::kVmxCr0Fixed1);
  write<Field::guest_cr0>(cr0);
  write<Field::cr0_read_shadow>(kCr0Pe | kCr0Et);
  write<Field::cr0_guest_host_mask>(kCr0Ne);
  std::uint64_t cr4 = (kCr4Vmxe | rdmsr(msr::kVmxCr4Fixed0)) & rdmsr(msr::kVmxCr4Fixed1);
  write<Field::guest_cr4>(cr4);
  write<Field::cr4_guest_host_mask>(kCr4Vmxe);  // the guest sees VMXE clear
  write<Field::cr4_read_shadow>(0);
  write<Field::guest_cr3>(0);
  write<Field::guest_dr7>(0x400);
  write<Field::guest_rflags>(0x2);
  write<Field::guest_rip>(e.entry_point);
  write<Field::guest_rsp>(0);

  constexpr std::uint32_t kCode32 = 0xc09b, kData32 = 0xc093, kTss32Busy = 0x8b,
                          kUnusable = 1u << 16;
  write<Field::guest_cs_selector>(0x08);
  write<Field::guest_cs_base>(0);
  write<Field::guest_cs_limit>(0xffffffff);
  write<Field::guest_cs_access>(kCode32);
#define TACTUS_GUEST_DATA_SEGMENT(seg)           \
  write<Field::guest_##seg##_selector>(0x10);    \
  write<Field::guest_##seg##_base>(0);           \
  write<Field::guest_##seg##_limit>(0xffffffff); \
  write<Field::guest_##seg##_access>(kData32);
  TACTUS_GUEST_DATA_SEGMENT(ds)
  TACTUS_GUEST_DATA_SEGMENT(es)
  TACTUS_GUEST_DATA_SEGMENT(ss)
  TACTUS_GUEST_DATA_SEGMENT(fs)
  TACTUS_GUEST_DATA_SEGMENT(gs)
#undef TACTUS_GUEST_DATA_SEGMENT
  write<Field::guest_tr_selector>(0);
  write<Field::guest_tr_base>(0);
  write<Field::guest_tr_limit>(0x67);
  write<Field::guest_tr_access>(kTss32Busy);
  write<Field::guest_ldtr_selector>(0);
  write<Field::guest_ldtr_base>(0);
  write<Field::guest_ldtr_limit>(0);
  write<Field::guest_ldtr_access>(kUnusable);
  write<Field::guest_gdtr_base>(0);
  write<Field::guest_gdtr_limit>(0xffff);
  write<Field::guest_idtr_base>(0);
  write<Field::guest_idtr_limit>(0xffff);
  write<Field::guest_interruptibility>(0);
  write<Field::guest_activity_state>(0);
  write<Field::guest_pending_debug>(0);
  write<Field::guest_sysenter_cs>(0);
  write<Field::guest_sysenter_esp>(0);
  write<Field::guest_sysenter_eip>(0);
  write<Field::guest_debugctl>(0);
  write<Field::guest_efer>(0);
  write<Field::guest_pat>(0x0007040600070406ull);  // power-on default
  return support::Status::success();
}

void invept_all() {
  struct {
    std::uint64_t eptp, reserved;
  } descriptor{0, 0};
  std::uint64_t type = 2;  // all-context invalidation
  asm volatile("invept %0, %1" ::"m"(descriptor), "r"(type) : "cc", "memory");
}

void set_preemption_deadline(const Capabilities& caps, std::uint64_t tsc_deadline) {
  if (!caps.preemption_timer) return;
  std::uint64_t now = rdtsc();
  std::uint64_t ticks =
      tsc_deadline > now ? (tsc_deadline - now) >> caps.preemption_timer_shift : 0;
  if (ticks > 0xffffffffull) ticks = 0xffffffffull;
  vmcs::write<Field::preemption_timer_value>(static_cast<std::uint32_t>(ticks));
}

EntryResult enter(VcpuContext& ctx) {
  int rc = vmx_enter(&ctx.regs, ctx.launched ? 1 : 0);
  if (rc != 0) return EntryResult::failed;
  ctx.launched = true;
  return EntryResult::exited;
}

ExitInfo read_exit() {
  ExitInfo x{};
  auto reason = vmcs::read<Field::exit_reason>();
  x.reason = reason & 0xffff;
  x.entry_failure = (reason >> 31) & 1;
  x.qualification = vmcs::read<Field::exit_qualification>();
  x.instruction_length = vmcs::read<Field::exit_instruction_length>();
  x.guest_physical = vmcs::read<Field::guest_physical_address>();
  x.guest_rip = vmcs::read<Field::guest_rip>();
  x.nmi = false;
  if (x.reason == static_cast<std::uint32_t>(vmcs::ExitReason::exception_or_nmi)) {
    auto info = vmcs::read<Field::exit_interruption_info>();
    constexpr std::uint32_t kValid = 1u << 31, kTypeMask = 7u << 8, kTypeNmi = 2u << 8;
    x.nmi = (info & kValid) != 0 && (info & kTypeMask) == kTypeNmi;
  }
  return x;
}

void advance_rip(const ExitInfo& exit) {
  vmcs::write<Field::guest_rip>(exit.guest_rip + exit.instruction_length);
  // An instruction that completes ends any STI/MOV-SS blocking.
  auto interruptibility = vmcs::read<Field::guest_interruptibility>();
  if (interruptibility & 3) vmcs::write<Field::guest_interruptibility>(interruptibility & ~3u);
}

void clear_guest_nmi_blocking() {
  constexpr std::uint32_t kBlockingByNmi = 1u << 3;
  auto interruptibility = vmcs::read<Field::guest_interruptibility>();
  if (interruptibility & kBlockingByNmi)
    vmcs::write<Field::guest_interruptibility>(interruptibility & ~kBlockingByNmi);
}

void sync_long_mode_entry_control() {
  constexpr std::uint64_t kEferLma = 1ull << 10;
  constexpr std::uint32_t kEntryIa32eGuest = 1u << 9;
  bool lma = (vmcs::read<Field::guest_efer>() & kEferLma) != 0;
  std::uint32_t entry = vmcs::read<Field::entry_controls>();
  if (((entry & kEntryIa32eGuest) != 0) != lma)
    vmcs::write<Field::entry_controls>(lma ? entry | kEntryIa32eGuest : entry & ~kEntryIa32eGuest);
}

namespace {

std::uint64_t* gpr(GuestRegisters& r, unsigned index) {
  std::uint64_t* map[16] = {&r.rax, &r.rcx, &r.rdx, &r.rbx, nullptr, &r.rbp, &r.rsi, &r.rdi,
                            &r.r8,  &r.r9,  &r.r10, &r.r11, &r.r12,  &r.r13, &r.r14, &r.r15};
  return map[index & 15];
}

std::uint64_t read_gpr(GuestRegisters& r, unsigned index) {
  return index == 4 ? vmcs::read<Field::guest_rsp>() : *gpr(r, index);
}

void write_gpr(GuestRegisters& r, unsigned index, std::uint64_t v) {
  if (index == 4)
    vmcs::write<Field::guest_rsp>(v);
  else
    *gpr(r, index) = v;
}

}  // namespace

CrResult emulate_cr_access(std::uint64_t qualification, VcpuContext& ctx) {
  constexpr std::uint64_t kCr0Pg = 1ull << 31, kEferLme = 1ull << 8, kEferLma = 1ull << 10;
  GuestRegisters& regs = ctx.regs;
  unsigned cr = qualification & 15, type = (qualification >> 4) & 3;
  unsigned reg = (qualification >> 8) & 15;
  if (cr == 8 && type == 1) {  // MOV from CR8: the virtual TPR
    write_gpr(regs, reg, ctx.cpu.tpr);
    return CrResult::done;
  }
  if (type == 1 && cr == 3) {  // MOV from CR3 (CR3-store exiting forced on)
    write_gpr(regs, reg, vmcs::read<Field::guest_cr3>());
    return CrResult::done;
  }
  if (type != 0) return CrResult::general_protection;  // CLTS/LMSW on masked bits: not offered
  std::uint64_t value = read_gpr(regs, reg);
  switch (cr) {
    case 0: {
      // The guest owns every bit but NE, which VMX needs set: it sees what it wrote.
      constexpr std::uint64_t kGuestOwned = 1ull | kCr0Pg;  // PE, PG: unrestricted guest
      std::uint64_t hw = (value | rdmsr(msr::kVmxCr0Fixed0)) & rdmsr(msr::kVmxCr0Fixed1);
      hw = (hw & ~kGuestOwned) | (value & kGuestOwned);
      std::uint64_t efer = vmcs::read<Field::guest_efer>();
      if ((hw & kCr0Pg) != 0 && (efer & kEferLme) != 0)
        efer |= kEferLma;
      else
        efer &= ~kEferLma;
      vmcs::write<Field::guest_efer>(efer);
      vmcs::write<Field::guest_cr0>(hw);
      vmcs::write<Field::cr0_read_shadow>(value);
      sync_long_mode_entry_control();
      return CrResult::done;
    }
    case 3:
      vmcs::write<Field::guest_cr3>(value);
      return CrResult::done;
    case 8:  // MOV to CR8: bits 63:4 are reserved
      if (value > 15) return CrResult::general_protection;
      ctx.cpu.tpr = static_cast<std::uint8_t>(value);
      return CrResult::done;
    case 4:
      if ((value & kCr4Vmxe) != 0) return CrResult::general_protection;  // VMX is not offered
      vmcs::write<Field::guest_cr4>((value | rdmsr(msr::kVmxCr4Fixed0) | kCr4Vmxe) &
                                    rdmsr(msr::kVmxCr4Fixed1));
      vmcs::write<Field::cr4_read_shadow>(value);
      return CrResult::done;
    default:
      return CrResult::general_protection;
  }
}

bool can_inject_interrupt() {
  constexpr std::uint64_t kRflagsIf = 1u << 9;
  if ((vmcs::read<Field::guest_rflags>() & kRflagsIf) == 0) return false;
  if ((vmcs::read<Field::guest_interruptibility>() & 3) != 0)
    return false;                                                           // STI / MOV SS blocking
  return (vmcs::read<Field::entry_interruption_info>() & (1u << 31)) == 0;  // nothing queued yet
}

void inject_interrupt(std::uint8_t vector) {
  vmcs::write<Field::entry_interruption_info>(vector | (1u << 31));  // external interrupt, valid
}

void set_interrupt_window_exiting(bool on) {
  constexpr std::uint32_t kProcInterruptWindow = 1u << 2;
  std::uint32_t proc = vmcs::read<Field::primary_proc_controls>();
  std::uint32_t want = on ? proc | kProcInterruptWindow : proc & ~kProcInterruptWindow;
  if (want != proc) vmcs::write<Field::primary_proc_controls>(want);
}

void inject_exception(std::uint8_t vector, bool has_error_code, std::uint32_t error_code) {
  std::uint32_t info = vector | (3u << 8) | (1u << 31);  // hardware exception, valid
  if (has_error_code) {
    info |= 1u << 11;
    vmcs::write<Field::entry_exception_error_code>(error_code);
  }
  vmcs::write<Field::entry_interruption_info>(info);
}

}  // namespace arch::vmx
