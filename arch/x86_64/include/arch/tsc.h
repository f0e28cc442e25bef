// Time-stamp counter clock: calibrated once against the PIT by the BSP,
// converted to nanoseconds with an integer multiply-shift (no floating
// point). Written at boot, read-only afterwards: no locking.
#pragma once

#include <cstdint>

namespace arch::tsc {

struct Calibration {
  std::uint64_t hz = 0;       // TSC ticks per second
  std::uint64_t ns_mult = 0;  // ns = (ticks * ns_mult) >> 32
  bool invariant = false;     // CPUID 0x80000007:EDX[8]
};

// Measures the TSC against PIT channel 2 (several windows, median).
void calibrate();
const Calibration& calibration();

std::uint64_t ticks_to_ns(std::uint64_t ticks);
std::uint64_t ns_to_ticks(std::uint64_t ns);
// The TSC value that now_ns() counts from.
std::uint64_t boot_tsc();
// The first TSC value at which now_ns() >= ns (for one-shot deadlines).
std::uint64_t tsc_at_ns(std::uint64_t ns);
// Nanoseconds since calibration (0 before it).
std::uint64_t now_ns();
void delay_us(std::uint64_t us);

}  // namespace arch::tsc
