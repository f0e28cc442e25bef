// Event storms over an inter-domain channel between the hostile instance
// and its helper (helper.h, peers.cpp; issue 12, Also): one side sends
// kStormSends events as fast as it can, the other counts what it sees.
// Events coalesce into the port's pending bit (at most one delivery per
// wake-up, as in Xen), so deliveries are at most the sends and at least
// one; nothing else is lost: every send must answer 0, and both sides
// print their counts. Single vCPU, no locking.
#pragma once

#include <cstdint>

#include "check.h"

namespace hostile::storm {

constexpr std::uint32_t kStormSends = 10000;
// The receiver's storm is over once no event came for this long.
constexpr std::uint64_t kIdleNs = 200'000'000;

// Sends kStormSends events on `port`; returns how many answered 0.
std::uint32_t send(abi::EventPort port);
// Counts deliveries on `port`: waits up to `first_ns` for the first, then
// until none came for kIdleNs.
std::uint32_t count(abi::EventPort port, std::uint64_t first_ns);

}  // namespace hostile::storm
