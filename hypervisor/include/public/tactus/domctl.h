// Domain control in the guest ABI, version 1: the argument structs of the
// privileged domctl_* hypercalls (abi.h). Every reserved field and flag bit
// must be zero. Layouts are fixed by the static_asserts. Plain structs; no
// locking.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tactus::abi {

// CPUs as a bitmap: bit n of words[n / 64] is CPU n.
constexpr std::uint32_t kMaxCpus = 256;
struct CpuMask {
  std::uint64_t words[kMaxCpus / 64];
};
static_assert(sizeof(CpuMask) == 32);

constexpr inline bool cpu_mask_test(const CpuMask& m, std::uint32_t cpu) {
  return cpu < kMaxCpus && ((m.words[cpu / 64] >> (cpu % 64)) & 1u) != 0;
}
constexpr inline void cpu_mask_set(CpuMask& m, std::uint32_t cpu) {
  if (cpu < kMaxCpus) m.words[cpu / 64] |= std::uint64_t{1} << (cpu % 64);
}

constexpr std::size_t kNameMax = 32;  // NUL-padded names: up to 31 characters

// domctl_create: build a domain from the xl.cfg style configuration text at
// [config_gpa, config_gpa + config_len); its `kernel` key names the boot
// module. `module` is reserved and must be 0 (EINVAL otherwise).
constexpr std::uint32_t kConfigTextMax = 4096;
struct DomctlCreate {
  std::uint32_t module;      // reserved, 0 (the config's kernel key names the module)
  std::uint32_t flags;       // reserved, 0
  std::uint64_t config_gpa;  // the caller's buffer
  std::uint32_t config_len;  // 1 .. kConfigTextMax
  std::uint32_t reserved;    // 0
};
static_assert(sizeof(DomctlCreate) == 24);
static_assert(offsetof(DomctlCreate, config_gpa) == 8);

enum class DomainRunState : std::uint32_t {
  building = 0,
  running = 1,
  paused = 2,
  shut_down = 3,
  crashed = 4
};

constexpr std::uint32_t kDomainInfoPrivileged = 1u << 0;

// domctl_get_info result.
struct DomainInfo {
  std::uint32_t id;
  std::uint32_t flags;  // kDomainInfo*
  std::uint32_t state;  // DomainRunState
  std::uint32_t vcpus;
  std::uint32_t pool;
  std::uint32_t reserved;
  std::uint64_t memory_bytes;
  std::uint64_t cpu_time_ns;  // guest execution time summed over its vCPUs
  char name[kNameMax];
};
static_assert(sizeof(DomainInfo) == 72);
static_assert(offsetof(DomainInfo, memory_bytes) == 24);
static_assert(offsetof(DomainInfo, name) == 40);

// The budget rule of a vCPU's server (design §5).
enum class ServerKind : std::uint32_t {
  deferrable = 0,
  periodic = 1,
  polling = 2,
  sporadic = 3,
  work_conserving_periodic = 4,
  capacity_reclaiming_periodic = 5,
};
constexpr std::uint32_t kServerKindCount = 6;

constexpr std::uint32_t kVcpuSchedRealTime = 1u << 0;  // the `rt` flag
constexpr std::uint32_t kVcpuSchedFlagsValid = kVcpuSchedRealTime;
// Bounds on budgets and periods: 10 µs .. 10 s.
constexpr std::uint64_t kSchedPeriodMinNs = 10'000;
constexpr std::uint64_t kSchedPeriodMaxNs = 10'000'000'000;

// domctl_get_vcpu_sched result / domctl_set_vcpu_sched argument.
// Valid: server < kServerKindCount, 0 < budget_ns <= period_ns,
// kSchedPeriodMinNs <= period_ns <= kSchedPeriodMaxNs, cpus non-empty and
// only CPUs that exist. consumed_ns is output only (set ignores it), so a
// caller may read, change and write back one struct.
struct VcpuSchedParams {
  std::uint32_t server;  // ServerKind
  std::uint32_t flags;   // kVcpuSched*
  std::uint64_t budget_ns;
  std::uint64_t period_ns;
  std::uint32_t priority;  // for fixed-priority pools: lower value = higher priority
  std::uint32_t reserved;  // 0
  CpuMask cpus;
  std::uint64_t consumed_ns;  // get: ns this vCPU has run
};
static_assert(sizeof(VcpuSchedParams) == 72);
static_assert(offsetof(VcpuSchedParams, cpus) == 32);
static_assert(offsetof(VcpuSchedParams, consumed_ns) == 64);

}  // namespace tactus::abi
