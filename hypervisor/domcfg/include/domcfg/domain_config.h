// The parsed form of one domain's configuration (docs/config.md): plain,
// fixed-size, copyable structs with no heap and no dependency on sched/.
// Times are nanoseconds. Produced only by a successful parse, so every
// field is within its documented bounds. No locking: plain values.
#pragma once

#include <cstddef>
#include <cstdint>

#include "domcfg/bounded_text.h"
#include "domcfg/values.h"

namespace domcfg {

inline constexpr std::uint32_t kMaxVcpus = 8;          // vCPUs per domain
inline constexpr std::uint32_t kMaxVifs = 4;           // network interfaces per domain
inline constexpr std::size_t kKernelMax = 63;          // boot module name length
inline constexpr std::size_t kCmdlineMax = 255;        // guest command line length
inline constexpr std::size_t kBridgeMax = 15;          // bridge name length
inline constexpr std::uint32_t kMaxMemoryMib = 65536;  // 64 GiB
inline constexpr std::uint32_t kMaxPriority = 255;
inline constexpr std::uint64_t kMinBudgetNs = 10'000;          // 10 µs
inline constexpr std::uint64_t kMinPeriodNs = 10'000;          // 10 µs
inline constexpr std::uint64_t kMaxPeriodNs = 10'000'000'000;  // 10 s

// Defaults when a key is absent (docs/config.md).
inline constexpr std::uint32_t kDefaultMemoryMib = 16;
inline constexpr std::uint64_t kDefaultBudgetNs = 4'000'000;   // 4 ms
inline constexpr std::uint64_t kDefaultPeriodNs = 10'000'000;  // 10 ms
inline constexpr const char* kDefaultPool = "Pool-0";

// Real-time parameters of one vCPU after domain defaults and its own
// vcpu_sched entry were applied.
struct VcpuParams {
  ServerKind server = ServerKind::deferrable;
  std::uint64_t budget_ns = kDefaultBudgetNs;
  std::uint64_t period_ns = kDefaultPeriodNs;
  std::uint32_t priority = 0;
  bool rt = false;
  CpuSet affinity = CpuSet::all();  // all bits set = no restriction
};

struct VifConfig {
  bool has_mac = false;  // false: the toolstack picks one
  MacAddress mac;
  BoundedText<kBridgeMax> bridge;  // empty: the default bridge
};

struct DomainConfig {
  BoundedText<kNameMax> name;
  BoundedText<kKernelMax> kernel;
  BoundedText<kCmdlineMax> cmdline;
  BoundedText<kNameMax> pool;
  std::uint32_t memory_mib = kDefaultMemoryMib;
  std::uint32_t vcpus = 1;
  VcpuParams vcpu[kMaxVcpus];  // entries [0, vcpus) are meaningful
  std::uint32_t vif_count = 0;
  VifConfig vif[kMaxVifs];
};

}  // namespace domcfg
