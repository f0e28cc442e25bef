// A cheap, hosted per-call clock for the benchmarks (never in sched/core):
// the TSC, fenced so the timed region cannot drift past the reads, on x86;
// std::chrono::steady_clock elsewhere. ticks_per_ns() calibrates the TSC
// against steady_clock once. Benchmark-only; no locking.
#pragma once

#include <chrono>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace bench {

inline std::uint64_t ticks() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_lfence();
  const std::uint64_t t = __rdtsc();
  _mm_lfence();
  return t;
#else
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
#endif
}

// TSC ticks per nanosecond, measured over `window` of steady_clock time.
inline double ticks_per_ns(std::chrono::milliseconds window = std::chrono::milliseconds(200)) {
  using clock = std::chrono::steady_clock;
  const auto w0 = clock::now();
  const std::uint64_t t0 = ticks();
  while (clock::now() - w0 < window) {
  }
  const std::uint64_t t1 = ticks();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - w0).count();
  return static_cast<double>(t1 - t0) / static_cast<double>(ns);
}

}  // namespace bench
