// Basic scheduler vocabulary shared by every sched/ header: time, pCPU ids,
// the three policy axes (server kind, priority scheme, placement) and the
// CpuMask value class. Plain values, no locking.
#pragma once

#include <cstdint>

namespace sched {

// Absolute time in nanoseconds on the client's clock (the hypervisor's TSC
// clock, the simulator's virtual clock). Durations use the same type.
using Time = std::uint64_t;
inline constexpr Time kNever = ~Time{0};  // "no event pending"

constexpr Time us(std::uint64_t n) { return n * 1000; }
constexpr Time ms(std::uint64_t n) { return n * 1000 * 1000; }
constexpr Time sec(std::uint64_t n) { return n * 1000 * 1000 * 1000; }

// Physical CPU number 0..kMaxCpus-1. kNoCpu means "none" (no tickle, idle).
using CpuId = std::uint32_t;
inline constexpr CpuId kMaxCpus = 64;
inline constexpr CpuId kNoCpu = ~CpuId{0};

// How a vCPU's budget is consumed and replenished (thesis §2.4, §2.6).
enum class ServerKind : std::uint8_t {
  deferrable,  // keeps unused budget while idle until the period ends
  periodic,    // PTPS: budget burns while idle, the idle vCPU runs instead
  polling,     // discards the remaining budget as soon as it is idle
  sporadic,    // Stanovich et al. RTAS 2010 corrected sporadic server
  wcps,        // work-conserving periodic server (§2.6 rules (1)-(3))
  crps,        // capacity-reclaiming periodic server (§2.6 residual capacity)
};
inline constexpr int kServerKindCount = 6;

// How run-queue order is derived from a vCPU's parameters.
enum class PriorityScheme : std::uint8_t {
  fp,   // explicit Params::priority, 0 is the highest
  dm,   // deadline monotonic: shorter relative deadline first
  rm,   // rate monotonic: shorter period first
  edf,  // earliest absolute deadline (end of the current period) first
};
inline constexpr int kPrioritySchemeCount = 4;

enum class Placement : std::uint8_t {
  global,       // one shared run queue for all pCPUs of the pool
  partitioned,  // one run queue per pCPU; the vCPU's mask picks its pCPU
};

const char* server_kind_name(ServerKind k);
const char* priority_scheme_name(PriorityScheme p);
const char* placement_name(Placement p);

}  // namespace sched
