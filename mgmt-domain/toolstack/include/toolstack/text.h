// Output formatting and small conversions of the toolstack: CPU lists,
// fixed-point numbers (no floating point in freestanding code), pool
// policy and server names, the xl-style domain state letters. Pure
// functions; no locking.
#pragma once

#include <cstdint>
#include <string_view>

#include "domcfg/values.h"
#include "shell/command.h"
#include "support/format.h"
#include "tactus/domctl.h"
#include "tactus/sysctl.h"

namespace toolstack {

namespace abi = tactus::abi;

// "0-3,5" (ascending ranges), or "-" when the mask is empty.
void write_cpu_list(support::Sink& out, const abi::CpuMask& mask);
// value / 10^decimals with exactly `decimals` digits after the point
// ("12.5" for (125, 1)); decimals 0..9.
void write_fixed(support::Sink& out, std::uint64_t value, unsigned decimals);
// A duration in the largest unit that divides it exactly: "10ms", "500us", "1s", "7ns".
void write_duration(support::Sink& out, std::uint64_t ns);

abi::CpuMask to_mask(const domcfg::CpuSet& set);
domcfg::CpuSet to_set(const abi::CpuMask& mask);
std::uint32_t mask_count(const abi::CpuMask& mask);
bool mask_empty(const abi::CpuMask& mask);

// Pool policies: "gedf" = EDF priorities, global placement, etc.
struct PolicyAbi {
  std::uint32_t priority;   // abi::PriorityScheme
  std::uint32_t placement;  // abi::Placement
};
PolicyAbi policy_to_abi(shell::PoolPolicy policy);
const char* policy_name(std::uint32_t priority, std::uint32_t placement);

const char* server_name(std::uint32_t abi_server);  // "deferrable", ..., "?" when unknown
std::uint32_t server_to_abi(domcfg::ServerKind kind);

// xl's six state columns: r(unning) b(locked) p(aused) s(hutdown) c(rashed) d(ying).
const char* state_letters(std::uint32_t abi_state);

}  // namespace toolstack
