// Typed VMCS access and the per-vCPU hardware context: VMXON kept on per
// CPU, VMCS creation, the control/host/guest set-up for a PVH entry
// (32-bit flat protected mode, paging off, unrestricted guest, EPT),
// VM entry, and event injection. All functions act on the current CPU's
// current VMCS; the caller keeps a vCPU on one CPU between load() and the
// end of its exit handling (no locking here).
#pragma once

#include <cstdint>

#include "arch/vmcs_fields.h"
#include "arch/vmx.h"
#include "support/error.h"

namespace arch::vmcs {

std::uint64_t raw_read(Field f);
bool raw_write(Field f, std::uint64_t value);

template <Field F>
typename FieldType<F>::type read() {
  return static_cast<typename FieldType<F>::type>(raw_read(F));
}

template <Field F>
void write(typename FieldType<F>::type value) {
  static_assert(!is_read_only(F), "VMCS field is read-only");
  raw_write(F, value);
}

}  // namespace arch::vmcs

namespace arch::vmx {

// Guest registers the VMCS does not hold; layout shared with vmx_entry.S.
struct GuestRegisters {
  std::uint64_t rax, rcx, rdx, rbx, rbp, rsi, rdi;
  std::uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
  std::uint64_t cr2;
};

// Guest CPU state the VMCS does not switch (vmx_guest.h): DR0-DR3 and DR6,
// IA32_KERNEL_GS_BASE (SWAPGS never exits) and the virtual TPR that CR8
// accesses (which exit) read and write. Reset values are the power-on ones.
struct GuestCpuState {
  std::uint64_t dr[4] = {0, 0, 0, 0};
  std::uint64_t dr6 = 0xffff0ff0;
  std::uint64_t kernel_gs_base = 0;
  std::uint8_t tpr = 0;
};

struct VcpuContext {
  GuestRegisters regs{};  // must stay first (vmx_entry.S)
  std::uint64_t vmcs_phys = 0;
  bool launched = false;
  GuestCpuState cpu{};
};

struct PvhEntry {
  std::uint32_t entry_point = 0;  // guest-physical, 32-bit code
  std::uint32_t start_info = 0;   // guest-physical address of hvm_start_info, in ebx
  std::uint64_t ept_pointer = 0;
  std::uint16_t vpid = 0;  // 0: VPID not used
};

// Turns VMX operation on for this CPU and leaves it on.
support::Status enter_vmx_operation(const Capabilities& caps, std::uint64_t vmxon_region_phys);
// Initializes a VMCS region (revision id, VMCLEAR) and makes it current.
support::Status create_vmcs(VcpuContext& ctx, const Capabilities& caps, std::uint64_t region_phys);
// Makes the vCPU's VMCS current on this CPU. A VMCS that was current on
// another CPU must have been clear()ed there first.
support::Status load(VcpuContext& ctx);
// VMPTRST: the physical address of this CPU's current VMCS (~0: none), and
// VMPTRLD of such an address, so code that must make another VMCS current
// for a moment (the domain builder) can restore the running one.
std::uint64_t current_vmcs();
support::Status load_pointer(std::uint64_t vmcs_phys);
// VMCLEAR: writes the VMCS back to memory and makes it not current, so the
// vCPU can be loaded on any CPU next (its next entry is a VMLAUNCH).
support::Status clear(VcpuContext& ctx);
// Host-state fields (GDT, TSS, IDT, GS base, control registers) of the
// calling CPU, into the current VMCS: after load() on a CPU other than the
// one that last ran the vCPU.
void write_host_state();
// Controls, host state and PVH guest state for the current VMCS.
support::Status setup_pvh(const Capabilities& caps, const PvhEntry& entry);

// INVEPT (all contexts): drops this CPU's cached EPT translations.
void invept_all();
// Arms the VMX preemption timer of the current VMCS to expire at the given
// TSC value (no-op without the timer; the LAPIC timer still bounds the run).
void set_preemption_deadline(const Capabilities& caps, std::uint64_t tsc_deadline);

enum class EntryResult : std::uint8_t { exited, failed };
// Enters the guest until the next VM exit.
EntryResult enter(VcpuContext& ctx);

// Exit information of the last VM exit.
struct ExitInfo {
  std::uint32_t reason;  // basic exit reason (bits 15:0)
  bool entry_failure;    // bit 31 of the exit reason
  std::uint64_t qualification;
  std::uint32_t instruction_length;
  std::uint64_t guest_physical;
  std::uint64_t guest_rip;
  bool nmi;  // exception_or_nmi exit for an NMI (the host's, with NMI exiting)
};
ExitInfo read_exit();

void advance_rip(const ExitInfo& exit);
// After an NMI exit: the guest state saved with it says "blocked by NMI"
// (Bochs sets it), which the next entry would load, holding off every NMI
// until the guest executes an IRET. Guests are offered no NMIs: clear it.
void clear_guest_nmi_blocking();
// Keeps the "IA-32e mode guest" entry control equal to the guest's
// EFER.LMA, which the guest changes by enabling paging with EFER.LME set.
void sync_long_mode_entry_control();
// A guest MOV to/from a control register that exited (CR0.NE and CR4.VMXE
// are host-owned; CR3 exits only on CPUs that force CR3 exiting; CR8 always
// exits and reads/writes ctx.cpu.tpr, never the physical TPR). Updates the
// guest state as the guest asked, or says it must get #GP.
enum class CrResult : std::uint8_t { done, general_protection };
CrResult emulate_cr_access(std::uint64_t qualification, VcpuContext& ctx);

// Event injection for guest interrupts (the event-channel upcall): whether
// the guest accepts an external interrupt now (RFLAGS.IF, no STI/MOV SS
// blocking, nothing queued), queue one for the next entry, and the
// interrupt-window exit that says when it would accept one.
bool can_inject_interrupt();
void inject_interrupt(std::uint8_t vector);
void set_interrupt_window_exiting(bool on);
// Injects a hardware exception at the next entry; #GP(0) and #UD by name.
void inject_exception(std::uint8_t vector, bool has_error_code, std::uint32_t error_code);
inline void inject_general_protection() { inject_exception(13, true, 0); }
inline void inject_invalid_opcode() { inject_exception(6, false, 0); }

}  // namespace arch::vmx
