// Raw accessors for the CPU state the hostile CPU cases poke at: CR8, the
// debug registers, MSRs (through an exception probe), SWAPGS. Guest code,
// so the instructions are inline here. No state, no locking.
#pragma once

#include <cstdint>

#include "guest/probe.h"

namespace hostile::cpu {

inline std::uint64_t read_cr8() {
  std::uint64_t v;
  asm volatile("mov %%cr8, %0" : "=r"(v));
  return v;
}
inline void write_cr8(std::uint64_t v) { asm volatile("mov %0, %%cr8" ::"r"(v) : "memory"); }

// Debug register n (0-3, 6, 7).
template <int N>
std::uint64_t read_dr() {
  std::uint64_t v;
  asm volatile("mov %%db%c1, %0" : "=r"(v) : "i"(N));
  return v;
}
template <int N>
void write_dr(std::uint64_t v) {
  asm volatile("mov %0, %%db%c1" ::"r"(v), "i"(N) : "memory");
}

// RDMSR/WRMSR inside a probe: the vector they raised, or guest::kNoException.
inline int rdmsr(std::uint32_t msr, std::uint64_t& value) {
  std::uint32_t lo = 0, hi = 0;
  int vector = guest::probe_call([&] { asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); });
  value = (static_cast<std::uint64_t>(hi) << 32) | lo;
  return vector;
}
inline int wrmsr(std::uint32_t msr, std::uint64_t value) {
  return guest::probe_call([&] {
    asm volatile("wrmsr" ::"c"(msr), "a"(static_cast<std::uint32_t>(value)),
                 "d"(static_cast<std::uint32_t>(value >> 32))
                 : "memory");
  });
}

inline void swapgs() { asm volatile("swapgs" ::: "memory"); }

constexpr std::uint32_t kEfer = 0xc0000080;
constexpr std::uint32_t kFsBase = 0xc0000100;
constexpr std::uint32_t kGsBase = 0xc0000101;
constexpr std::uint32_t kKernelGsBase = 0xc0000102;
constexpr int kUd = 6, kGp = 13;

}  // namespace hostile::cpu
