// Local APIC driver (see apic.h). Register offsets are the xAPIC MMIO
// offsets; in x2APIC mode register r is MSR 0x800 + (r >> 4).
#include "arch/apic.h"

#include "arch/cpu.h"
#include "arch/msr.h"
#include "arch/tsc.h"

namespace arch::apic {
namespace {

constexpr std::uint32_t kRegId = 0x20, kRegEoi = 0xb0, kRegSvr = 0xf0, kRegIcrLow = 0x300,
                        kRegIcrHigh = 0x310, kRegLvtTimer = 0x320, kRegTimerInit = 0x380,
                        kRegTimerCurrent = 0x390, kRegTimerDivide = 0x3e0;
constexpr std::uint32_t kIcrPending = 1u << 12;
constexpr std::uint32_t kLvtMasked = 1u << 16;
constexpr std::uint32_t kLvtTscDeadline = 2u << 17;

Mode g_mode = Mode::xapic;
TimerKind g_timer = TimerKind::oneshot;
std::uint64_t g_mmio = 0xfee00000;
// Oneshot mode: APIC timer ticks (divide by 16) per 2^32 TSC ticks.
std::uint64_t g_apic_per_tsc_q32 = 0;

std::uint32_t read(std::uint32_t reg) {
  if (g_mode == Mode::x2apic)
    return static_cast<std::uint32_t>(rdmsr(msr::kX2ApicBase + (reg >> 4)));
  return *reinterpret_cast<volatile std::uint32_t*>(g_mmio + reg);
}

void write(std::uint32_t reg, std::uint32_t v) {
  if (g_mode == Mode::x2apic) {
    wrmsr(msr::kX2ApicBase + (reg >> 4), v);
    return;
  }
  *reinterpret_cast<volatile std::uint32_t*>(g_mmio + reg) = v;
}

void write_icr(std::uint32_t dest, std::uint32_t low) {
  if (g_mode == Mode::x2apic) {
    wrmsr(msr::kX2ApicBase + (kRegIcrLow >> 4), (static_cast<std::uint64_t>(dest) << 32) | low);
    return;
  }
  while (read(kRegIcrLow) & kIcrPending) __builtin_ia32_pause();
  write(kRegIcrHigh, dest << 24);
  write(kRegIcrLow, low);
  while (read(kRegIcrLow) & kIcrPending) __builtin_ia32_pause();
}

}  // namespace

void choose_mode(std::uint64_t mmio_base) {
  if (mmio_base != 0) g_mmio = mmio_base;
  g_mode = (cpuid(1).ecx & (1u << 21)) ? Mode::x2apic : Mode::xapic;
  g_timer = (cpuid(1).ecx & (1u << 24)) ? TimerKind::tsc_deadline : TimerKind::oneshot;
}

Mode mode() { return g_mode; }
const char* mode_name() { return g_mode == Mode::x2apic ? "x2APIC" : "xAPIC"; }

void enable_this_cpu(std::uint8_t spurious_vector) {
  std::uint64_t base = rdmsr(msr::kApicBase) | msr::kApicBaseEnable;
  wrmsr(msr::kApicBase, base);
  if (g_mode == Mode::x2apic) wrmsr(msr::kApicBase, base | msr::kApicBaseX2Apic);
  write(kRegSvr, 0x100u | spurious_vector);  // software enable
}

std::uint32_t id() {
  std::uint32_t v = read(kRegId);
  return g_mode == Mode::x2apic ? v : v >> 24;
}

void eoi() { write(kRegEoi, 0); }

void send_ipi(std::uint32_t apic_id, std::uint8_t vector) {
  write_icr(apic_id, 0x4000u | vector);  // fixed, assert, physical destination
}

void send_nmi(std::uint32_t apic_id) { write_icr(apic_id, 0x4400u); }  // NMI, assert, physical
void send_init(std::uint32_t apic_id) { write_icr(apic_id, 0x4500u); }
void send_startup(std::uint32_t apic_id, std::uint8_t page) { write_icr(apic_id, 0x4600u | page); }

TimerKind timer_kind() { return g_timer; }
const char* timer_kind_name() {
  return g_timer == TimerKind::tsc_deadline ? "TSC-deadline" : "APIC one-shot";
}

void calibrate_oneshot(std::uint64_t tsc_hz) {
  if (g_timer != TimerKind::oneshot) return;
  write(kRegTimerDivide, 0x3);  // divide by 16
  write(kRegLvtTimer, kLvtMasked);
  std::uint64_t window = tsc_hz / 100;  // 10 ms
  write(kRegTimerInit, 0xffffffffu);
  std::uint64_t start = rdtsc();
  while (rdtsc() - start < window) __builtin_ia32_pause();
  std::uint32_t elapsed = 0xffffffffu - read(kRegTimerCurrent);
  write(kRegTimerInit, 0);
  g_apic_per_tsc_q32 = (static_cast<std::uint64_t>(elapsed) << 32) / (window == 0 ? 1 : window);
}

void init_timer(std::uint8_t vector) {
  if (g_timer == TimerKind::tsc_deadline) {
    write(kRegLvtTimer, kLvtTscDeadline | vector);
  } else {
    write(kRegTimerDivide, 0x3);
    write(kRegLvtTimer, vector);  // one-shot
  }
}

void arm_timer_at(std::uint64_t tsc_deadline) {
  if (g_timer == TimerKind::tsc_deadline) {
    wrmsr(msr::kTscDeadline, tsc_deadline == 0 ? 1 : tsc_deadline);
    return;
  }
  std::uint64_t now = rdtsc();
  std::uint64_t delta = tsc_deadline > now ? tsc_deadline - now : 1;
  std::uint64_t count = static_cast<std::uint64_t>(
      (static_cast<unsigned __int128>(delta) * g_apic_per_tsc_q32) >> 32);
  if (count == 0) count = 1;
  if (count > 0xffffffffu) count = 0xffffffffu;
  write(kRegTimerInit, static_cast<std::uint32_t>(count));
}

void cancel_timer() {
  if (g_timer == TimerKind::tsc_deadline)
    wrmsr(msr::kTscDeadline, 0);
  else
    write(kRegTimerInit, 0);
}

}  // namespace arch::apic
