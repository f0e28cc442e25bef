// The shared-info page of the guest ABI, version 1: one 4 KiB page per
// domain, written by the hypervisor and read (events also written) by the
// guest. Its address comes from CPUID leaf kCpuidDomain (abi.h).
//
// Concurrency: time info follows a seqlock — the hypervisor makes `version`
// odd, updates, then makes it even; a reader retries while the version is
// odd or changed (read_time below). Event bits are changed with atomic
// bit operations by both sides: the hypervisor sets pending bits, the guest
// clears them after handling and owns the mask bits (the hypervisor also
// changes mask bits for evtchn_mask/unmask).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "tactus/abi.h"
#include "tactus/event.h"

namespace tactus::abi {

// ns = system_time_ns + scale(tsc - tsc_timestamp), where
// scale(d) = ((tsc_shift >= 0 ? d << tsc_shift : d >> -tsc_shift) * tsc_to_ns_mul) >> 32.
struct VcpuTimeInfo {
  std::uint32_t version;  // odd while the hypervisor updates this record
  std::uint32_t pad0;
  std::uint64_t tsc_timestamp;   // TSC at the last update
  std::uint64_t system_time_ns;  // hypervisor time (ns since boot) at tsc_timestamp
  std::uint32_t tsc_to_ns_mul;   // 32.32 fixed-point multiplier
  std::int8_t tsc_shift;
  std::uint8_t flags;  // reserved, 0
  std::uint8_t pad1[2];
};
static_assert(sizeof(VcpuTimeInfo) == 32);
static_assert(offsetof(VcpuTimeInfo, tsc_to_ns_mul) == 24);

struct VcpuInfo {
  std::uint8_t upcall_pending;  // set by the hypervisor when it raises the upcall
  std::uint8_t upcall_mask;     // set by the guest to hold off upcalls
  std::uint8_t pad0[6];
  std::uint64_t pending_sel;  // bit w: evtchn_pending[w] may have bits set
  VcpuTimeInfo time;
  // CPU time this vCPU received: ns it ran before its current dispatch, and
  // when the current dispatch began (hypervisor time). While the vCPU runs,
  // what it received is run_ns + (now - dispatched_ns). Written by the
  // hypervisor when it dispatches the vCPU; read by the vCPU itself.
  std::uint64_t run_ns;
  std::uint64_t dispatched_ns;
};
static_assert(sizeof(VcpuInfo) == 64);
static_assert(offsetof(VcpuInfo, run_ns) == 48);

constexpr std::uint32_t kEventWords = (kMaxPorts + 63) / 64;

struct SharedInfo {
  VcpuInfo vcpu[kMaxVcpusPerDomain];
  std::uint64_t evtchn_pending[kEventWords];  // bit p of word p/64: port p pending
  std::uint64_t evtchn_mask[kEventWords];     // bit p of word p/64: port p masked
  std::uint64_t reserved[(4096 - kMaxVcpusPerDomain * sizeof(VcpuInfo) - 2 * kEventWords * 8) / 8];
};
static_assert(sizeof(SharedInfo) == 4096);
static_assert(offsetof(SharedInfo, evtchn_pending) == 1024);
static_assert(offsetof(SharedInfo, evtchn_mask) == 1024 + 8 * kEventWords);

// The scale step of the formula above, without floating point: the 96-bit
// product delta * mul shifted right by 32, computed from the two 32-bit
// halves of delta (exact, modulo 2^64).
constexpr std::uint64_t tsc_delta_to_ns(std::uint64_t delta, std::uint32_t mul, std::int8_t shift) {
  if (shift >= 0)
    delta <<= shift;
  else
    delta >>= -shift;
  return (delta >> 32) * mul + (((delta & 0xffffffffu) * mul) >> 32);
}

// Lock-free read of the time in ns for a TSC value read by the caller.
inline std::uint64_t read_time(const VcpuTimeInfo& t, std::uint64_t tsc) {
  const volatile VcpuTimeInfo& v = t;
  for (;;) {
    std::uint32_t before = v.version;
    std::atomic_thread_fence(std::memory_order_acquire);
    std::uint64_t stamp = v.tsc_timestamp, base = v.system_time_ns;
    std::uint32_t mul = v.tsc_to_ns_mul;
    std::int8_t shift = v.tsc_shift;
    std::atomic_thread_fence(std::memory_order_acquire);
    if ((before & 1u) == 0 && v.version == before)
      return base + tsc_delta_to_ns(tsc > stamp ? tsc - stamp : 0, mul, shift);
  }
}

constexpr std::uint64_t event_bit(EventPort port) { return std::uint64_t{1} << (port % 64); }
constexpr std::uint32_t event_word(EventPort port) { return port / 64; }

}  // namespace tactus::abi
