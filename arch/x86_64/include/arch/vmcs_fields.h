// VMCS field encodings (Intel SDM vol. 3, appendix B) as an enum, and the
// access width each encoding implies (bits 14:13 of the encoding), so the
// typed accessors in vmcs.h can check value widths at compile time.
// Constants only.
#pragma once

#include <cstdint>
#include <type_traits>

namespace arch::vmcs {

enum class Field : std::uint32_t {
  // 16-bit control, guest and host state
  vpid = 0x0000,
  guest_es_selector = 0x0800,
  guest_cs_selector = 0x0802,
  guest_ss_selector = 0x0804,
  guest_ds_selector = 0x0806,
  guest_fs_selector = 0x0808,
  guest_gs_selector = 0x080a,
  guest_ldtr_selector = 0x080c,
  guest_tr_selector = 0x080e,
  host_es_selector = 0x0c00,
  host_cs_selector = 0x0c02,
  host_ss_selector = 0x0c04,
  host_ds_selector = 0x0c06,
  host_fs_selector = 0x0c08,
  host_gs_selector = 0x0c0a,
  host_tr_selector = 0x0c0c,

  // 64-bit control
  io_bitmap_a = 0x2000,
  io_bitmap_b = 0x2002,
  msr_bitmap = 0x2004,
  exit_msr_store_address = 0x2006,
  exit_msr_load_address = 0x2008,
  entry_msr_load_address = 0x200a,
  tsc_offset = 0x2010,
  ept_pointer = 0x201a,
  // 64-bit read-only
  guest_physical_address = 0x2400,
  // 64-bit guest and host state
  vmcs_link_pointer = 0x2800,
  guest_debugctl = 0x2802,
  guest_pat = 0x2804,
  guest_efer = 0x2806,
  host_pat = 0x2c00,
  host_efer = 0x2c02,

  // 32-bit control
  pin_based_controls = 0x4000,
  primary_proc_controls = 0x4002,
  exception_bitmap = 0x4004,
  page_fault_error_mask = 0x4006,
  page_fault_error_match = 0x4008,
  cr3_target_count = 0x400a,
  exit_controls = 0x400c,
  exit_msr_store_count = 0x400e,
  exit_msr_load_count = 0x4010,
  entry_controls = 0x4012,
  entry_msr_load_count = 0x4014,
  entry_interruption_info = 0x4016,
  entry_exception_error_code = 0x4018,
  entry_instruction_length = 0x401a,
  tpr_threshold = 0x401c,
  secondary_proc_controls = 0x401e,
  // 32-bit read-only
  instruction_error = 0x4400,
  exit_reason = 0x4402,
  exit_interruption_info = 0x4404,
  exit_interruption_error_code = 0x4406,
  idt_vectoring_info = 0x4408,
  idt_vectoring_error_code = 0x440a,
  exit_instruction_length = 0x440c,
  exit_instruction_info = 0x440e,
  // 32-bit guest and host state
  guest_es_limit = 0x4800,
  guest_cs_limit = 0x4802,
  guest_ss_limit = 0x4804,
  guest_ds_limit = 0x4806,
  guest_fs_limit = 0x4808,
  guest_gs_limit = 0x480a,
  guest_ldtr_limit = 0x480c,
  guest_tr_limit = 0x480e,
  guest_gdtr_limit = 0x4810,
  guest_idtr_limit = 0x4812,
  guest_es_access = 0x4814,
  guest_cs_access = 0x4816,
  guest_ss_access = 0x4818,
  guest_ds_access = 0x481a,
  guest_fs_access = 0x481c,
  guest_gs_access = 0x481e,
  guest_ldtr_access = 0x4820,
  guest_tr_access = 0x4822,
  guest_interruptibility = 0x4824,
  guest_activity_state = 0x4826,
  guest_sysenter_cs = 0x482a,
  preemption_timer_value = 0x482e,
  host_sysenter_cs = 0x4c00,

  // natural-width control
  cr0_guest_host_mask = 0x6000,
  cr4_guest_host_mask = 0x6002,
  cr0_read_shadow = 0x6004,
  cr4_read_shadow = 0x6006,
  // natural-width read-only
  exit_qualification = 0x6400,
  guest_linear_address = 0x640a,
  // natural-width guest state
  guest_cr0 = 0x6800,
  guest_cr3 = 0x6802,
  guest_cr4 = 0x6804,
  guest_es_base = 0x6806,
  guest_cs_base = 0x6808,
  guest_ss_base = 0x680a,
  guest_ds_base = 0x680c,
  guest_fs_base = 0x680e,
  guest_gs_base = 0x6810,
  guest_ldtr_base = 0x6812,
  guest_tr_base = 0x6814,
  guest_gdtr_base = 0x6816,
  guest_idtr_base = 0x6818,
  guest_dr7 = 0x681a,
  guest_rsp = 0x681c,
  guest_rip = 0x681e,
  guest_rflags = 0x6820,
  guest_pending_debug = 0x6822,
  guest_sysenter_esp = 0x6824,
  guest_sysenter_eip = 0x6826,
  // natural-width host state
  host_cr0 = 0x6c00,
  host_cr3 = 0x6c02,
  host_cr4 = 0x6c04,
  host_fs_base = 0x6c06,
  host_gs_base = 0x6c08,
  host_tr_base = 0x6c0a,
  host_gdtr_base = 0x6c0c,
  host_idtr_base = 0x6c0e,
  host_sysenter_esp = 0x6c10,
  host_sysenter_eip = 0x6c12,
  host_rsp = 0x6c14,
  host_rip = 0x6c16,
};

enum class Width : std::uint8_t { w16 = 0, w64 = 1, w32 = 2, natural = 3 };

constexpr Width width_of(Field f) {
  return static_cast<Width>((static_cast<std::uint32_t>(f) >> 13) & 3);
}
constexpr bool is_read_only(Field f) { return ((static_cast<std::uint32_t>(f) >> 10) & 3) == 1; }

template <Field F>
struct FieldType {
  using type = std::conditional_t<width_of(F) == Width::w16, std::uint16_t,
               std::conditional_t<width_of(F) == Width::w32, std::uint32_t, std::uint64_t>>;
};

// Basic exit reasons (SDM vol. 3, appendix C).
enum class ExitReason : std::uint16_t {
  exception_or_nmi = 0,
  external_interrupt = 1,
  triple_fault = 2,
  init_signal = 3,
  sipi = 4,
  interrupt_window = 7,
  nmi_window = 8,
  task_switch = 9,
  cpuid = 10,
  getsec = 11,
  hlt = 12,
  invd = 13,
  invlpg = 14,
  rdpmc = 15,
  rdtsc = 16,
  rsm = 17,
  vmcall = 18,
  vmclear = 19,
  vmlaunch = 20,
  vmptrld = 21,
  vmptrst = 22,
  vmread = 23,
  vmresume = 24,
  vmwrite = 25,
  vmxoff = 26,
  vmxon = 27,
  cr_access = 28,
  dr_access = 29,
  io_instruction = 30,
  rdmsr = 31,
  wrmsr = 32,
  invalid_guest_state = 33,
  msr_loading = 34,
  mwait = 36,
  monitor_trap = 37,
  monitor = 39,
  pause = 40,
  machine_check = 41,
  tpr_below_threshold = 43,
  apic_access = 44,
  gdtr_idtr_access = 46,
  ldtr_tr_access = 47,
  ept_violation = 48,
  ept_misconfig = 49,
  invept = 50,
  rdtscp = 51,
  preemption_timer = 52,
  invvpid = 53,
  wbinvd = 54,
  xsetbv = 55,
  rdrand = 57,
  invpcid = 58,
  vmfunc = 59,
  encls = 60,
  rdseed = 61,
  xsaves = 63,
  xrstors = 64,
};

const char* exit_reason_name(std::uint32_t basic_reason);

}  // namespace arch::vmcs
