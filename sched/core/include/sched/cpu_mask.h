// CpuMask: a set of pCPU numbers 0..63 as a value over one uint64_t.
// constexpr throughout; no locking (plain value).
#pragma once

#include <cstdint>

#include "sched/types.h"

namespace sched {

class CpuMask {
 public:
  constexpr CpuMask() = default;
  constexpr explicit CpuMask(std::uint64_t bits) : bits_(bits) {}
  static constexpr CpuMask none() { return CpuMask(0); }
  static constexpr CpuMask all() { return CpuMask(~std::uint64_t{0}); }
  static constexpr CpuMask single(CpuId cpu) {
    return cpu < kMaxCpus ? CpuMask(std::uint64_t{1} << cpu) : CpuMask();
  }
  // CPUs first..last inclusive (clamped to 0..63).
  static constexpr CpuMask range(CpuId first, CpuId last) {
    CpuMask m;
    for (CpuId c = first; c <= last && c < kMaxCpus; ++c) m.set(c);
    return m;
  }

  constexpr std::uint64_t bits() const { return bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr bool test(CpuId cpu) const { return cpu < kMaxCpus && ((bits_ >> cpu) & 1) != 0; }
  constexpr void set(CpuId cpu) {
    if (cpu < kMaxCpus) bits_ |= std::uint64_t{1} << cpu;
  }
  constexpr void clear(CpuId cpu) {
    if (cpu < kMaxCpus) bits_ &= ~(std::uint64_t{1} << cpu);
  }
  constexpr int count() const { return __builtin_popcountll(bits_); }
  // Lowest CPU in the set, or kNoCpu when empty.
  constexpr CpuId first() const {
    return bits_ == 0 ? kNoCpu : static_cast<CpuId>(__builtin_ctzll(bits_));
  }
  // Lowest CPU > cpu in the set, or kNoCpu.
  constexpr CpuId next(CpuId cpu) const {
    if (cpu + 1 >= kMaxCpus) return kNoCpu;
    return CpuMask(bits_ & (~std::uint64_t{0} << (cpu + 1))).first();
  }
  constexpr bool subset_of(CpuMask o) const { return (bits_ & ~o.bits_) == 0; }
  constexpr bool intersects(CpuMask o) const { return (bits_ & o.bits_) != 0; }

  friend constexpr CpuMask operator&(CpuMask a, CpuMask b) { return CpuMask(a.bits_ & b.bits_); }
  friend constexpr CpuMask operator|(CpuMask a, CpuMask b) { return CpuMask(a.bits_ | b.bits_); }
  friend constexpr CpuMask operator-(CpuMask a, CpuMask b) { return CpuMask(a.bits_ & ~b.bits_); }
  friend constexpr bool operator==(CpuMask a, CpuMask b) { return a.bits_ == b.bits_; }

 private:
  std::uint64_t bits_ = 0;
};

// Iterate: for (CpuId c = m.first(); c != kNoCpu; c = m.next(c)) ...

}  // namespace sched
