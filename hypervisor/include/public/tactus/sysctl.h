// System control in the guest ABI, version 1: the argument structs of the
// privileged sysctl_* hypercalls (abi.h): physical information, the
// hypervisor log cursor and CPU pools. Reserved fields must be zero. Plain
// structs; no locking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tactus/domctl.h"

namespace tactus::abi {

// sysctl_physinfo result.
struct PhysInfo {
  std::uint32_t nr_cpus;
  std::uint32_t nr_nodes;
  std::uint64_t memory_total_bytes;
  std::uint64_t memory_free_bytes;
  std::uint32_t tsc_khz;
  std::uint32_t reserved;
  std::uint8_t cpu_to_node[kMaxCpus];  // NUMA node of each CPU < nr_cpus
};
static_assert(sizeof(PhysInfo) == 288);
static_assert(offsetof(PhysInfo, cpu_to_node) == 32);

// sysctl_read_log: the log is a byte stream numbered from boot; the
// hypervisor keeps its most recent part. In: offset = first byte wanted.
// Out: offset = the byte after the last one copied; lost = bytes between
// the wanted offset and the oldest byte still kept (0 when none were lost).
constexpr std::uint32_t kLogReadMax = 65536;
struct LogRead {
  std::uint64_t offset;
  std::uint64_t buffer_gpa;
  std::uint32_t buffer_len;  // 1 .. kLogReadMax
  std::uint32_t flags;       // reserved, 0
  std::uint64_t lost;
};
static_assert(sizeof(LogRead) == 32);

enum class PriorityScheme : std::uint32_t {
  fixed = 0,
  deadline_monotonic = 1,
  rate_monotonic = 2,
  edf = 3
};
constexpr std::uint32_t kPrioritySchemeCount = 4;
enum class Placement : std::uint32_t { global = 0, partitioned = 1 };
constexpr std::uint32_t kPlacementCount = 2;

using PoolId = std::uint32_t;
constexpr PoolId kMaxPools = 64;  // pool ids 0 .. kMaxPools-1; pool 0 is Pool-0

// sysctl_cpupool_create argument. The name: 1..31 printable ASCII
// characters (no spaces), NUL-padded.
struct CpupoolCreate {
  char name[kNameMax];
  std::uint32_t priority;    // PriorityScheme
  std::uint32_t placement;   // Placement
  std::uint64_t quantum_ns;  // 0 = event driven; else a fixed quantum >= kSchedPeriodMinNs
  std::uint32_t flags;       // reserved, 0
  std::uint32_t reserved;    // 0
};
static_assert(sizeof(CpupoolCreate) == 56);

// sysctl_cpupool_info result.
struct CpupoolInfo {
  PoolId id;
  std::uint32_t domains;
  std::uint32_t priority;   // PriorityScheme
  std::uint32_t placement;  // Placement
  std::uint64_t quantum_ns;
  CpuMask cpus;
  char name[kNameMax];
};
static_assert(sizeof(CpupoolInfo) == 88);
static_assert(offsetof(CpupoolInfo, cpus) == 24);

}  // namespace tactus::abi
