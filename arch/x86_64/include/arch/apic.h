// Local APIC in x2APIC mode when the CPU has it, xAPIC (MMIO) otherwise:
// identification, EOI, IPIs (fixed, NMI, INIT, SIPI) and the per-CPU one-shot
// timer (TSC-deadline when available, APIC one-shot otherwise). The mode is
// chosen once by the BSP before APs start; each CPU then enables its own
// APIC. All functions act on the calling CPU's APIC; no shared state
// changes after boot, so no locking.
#pragma once

#include <cstdint>

namespace arch::apic {

enum class Mode : std::uint8_t { xapic, x2apic };
enum class TimerKind : std::uint8_t { tsc_deadline, oneshot };

// BSP, once: pick the mode (x2APIC if CPUID says so) and remember the MMIO
// base for xAPIC mode (from the MADT).
void choose_mode(std::uint64_t mmio_base);
Mode mode();
const char* mode_name();

// Every CPU: enable its APIC in the chosen mode, spurious vector set.
void enable_this_cpu(std::uint8_t spurious_vector);
std::uint32_t id();
void eoi();

void send_ipi(std::uint32_t apic_id, std::uint8_t vector);
void send_nmi(std::uint32_t apic_id);
void send_init(std::uint32_t apic_id);
void send_startup(std::uint32_t apic_id, std::uint8_t page);

// Timer. init_timer() on every CPU after TSC calibration; the one-shot
// deadline is given in TSC ticks (absolute). Oneshot mode converts with the
// ratio measured by calibrate_oneshot() on the BSP.
TimerKind timer_kind();
const char* timer_kind_name();
void calibrate_oneshot(std::uint64_t tsc_hz);  // BSP, only used without TSC-deadline
void init_timer(std::uint8_t vector);
void arm_timer_at(std::uint64_t tsc_deadline);
void cancel_timer();

}  // namespace arch::apic
