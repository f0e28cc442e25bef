// TSC calibration against the 8254 PIT (channel 2, gate via port 0x61) and
// tick <-> nanosecond conversion.
#include "arch/tsc.h"

#include "arch/cpu.h"

namespace arch::tsc {
namespace {

Calibration g_cal;
std::uint64_t g_boot_tsc = 0;

constexpr std::uint64_t kPitHz = 1193182;
constexpr std::uint16_t kWindowTicks = 11932;  // ~10 ms

// One measurement window: TSC ticks while PIT channel 2 counts kWindowTicks.
std::uint64_t measure_window() {
  std::uint8_t gate = inb(0x61);
  outb(0x61, static_cast<std::uint8_t>((gate & ~0x02) | 0x01));  // speaker off, gate on
  outb(0x43, 0xb0);  // channel 2, lo/hi byte, mode 0 (interrupt on terminal count), binary
  outb(0x42, kWindowTicks & 0xff);
  outb(0x42, kWindowTicks >> 8);
  gate = inb(0x61);
  outb(0x61, static_cast<std::uint8_t>(gate & ~0x01));  // restart the count: gate low ...
  outb(0x61, static_cast<std::uint8_t>(gate | 0x01));   // ... then high
  std::uint64_t start = rdtsc();
  std::uint64_t spins = 0;
  while ((inb(0x61) & 0x20) == 0) {
    if (++spins > 100000000ull) return 0;  // no PIT: give up on this window
  }
  return rdtsc() - start;
}

}  // namespace

void calibrate() {
  std::uint64_t w[5];
  for (auto& x : w) x = measure_window();
  // insertion sort, median of five
  for (int i = 1; i < 5; ++i)
    for (int j = i; j > 0 && w[j - 1] > w[j]; --j) {
      std::uint64_t t = w[j];
      w[j] = w[j - 1];
      w[j - 1] = t;
    }
  std::uint64_t ticks = w[2];
  g_cal.hz = ticks == 0 ? 1000000000ull : ticks * kPitHz / kWindowTicks;
  g_cal.ns_mult = (1000000000ull << 32) / g_cal.hz;
  g_cal.invariant =
      (cpuid(0x80000000).eax >= 0x80000007) && (cpuid(0x80000007).edx & (1u << 8)) != 0;
  g_boot_tsc = rdtsc();
}

const Calibration& calibration() { return g_cal; }

std::uint64_t ticks_to_ns(std::uint64_t ticks) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(ticks) * g_cal.ns_mult) >> 32);
}

std::uint64_t ns_to_ticks(std::uint64_t ns) {
  return static_cast<std::uint64_t>(static_cast<unsigned __int128>(ns) * g_cal.hz / 1000000000ull);
}

std::uint64_t boot_tsc() { return g_boot_tsc; }

std::uint64_t tsc_at_ns(std::uint64_t ns) { return g_boot_tsc + ns_to_ticks(ns) + 1; }

std::uint64_t now_ns() { return g_cal.hz == 0 ? 0 : ticks_to_ns(rdtsc() - g_boot_tsc); }

void delay_us(std::uint64_t us) {
  std::uint64_t end = rdtsc() + ns_to_ticks(us * 1000);
  while (rdtsc() < end) __builtin_ia32_pause();
}

}  // namespace arch::tsc
