// Counters of the netback side, per interface and per stage/queue. Every
// dropped packet is counted once at the stage and queue where it was
// dropped (StageDrops in EngineStats) and once at the interface it came
// from (VifStats::drops), so idc-stats can show both. Ring errors are
// protocol violations that disabled the interface. Plain values.
//
// LOCKING: written by the stage thread only; readers copy them.
#pragma once

#include <cstdint>

#include "vnet/limits.h"

namespace vnet {

// Protocol violations that disable an interface.
enum class RingError : std::uint8_t {
  overrun,       // req_prod more than a ring ahead, or moved backwards
  bad_id,        // request id >= the ring's slot count
  bad_grant,     // grant reference out of range, not granted, or not mappable
  crosses_page,  // offset + size beyond the page
};
inline constexpr std::uint32_t kRingErrorKinds = 4;
const char* ring_error_name(RingError e);

// Why a packet was dropped (each is a stage + queue).
enum class Drop : std::uint8_t {
  tx_bad_request,      // TX: size outside [14, 1514] or unknown flags (error response sent)
  softnet_backlog,     // softnet, rr: the backlog (kBacklogLimit) was full
  softnet_queue_full,  // softnet, rtca: this priority's queue was at its limit
  softnet_no_route,    // softnet: the forwarder found no connected destination
  rx_no_buffer,        // RX: the destination had posted no RX buffer
  flushed,             // any stage: an interface it came from or went to went away
  policy_switch,       // softnet: did not fit the other policy's queues at a switch
};
inline constexpr std::uint32_t kDropKinds = 7;
const char* drop_name(Drop d);

struct DropCounters {
  std::uint64_t count[kDropKinds] = {};
  std::uint64_t& operator[](Drop d) { return count[static_cast<std::uint32_t>(d)]; }
  std::uint64_t operator[](Drop d) const { return count[static_cast<std::uint32_t>(d)]; }
  std::uint64_t total() const;
};

struct VifStats {
  std::uint64_t tx_packets = 0;  // frames taken from the guest's TX ring
  std::uint64_t tx_bytes = 0;
  std::uint64_t rx_packets = 0;  // frames delivered into the guest's RX ring
  std::uint64_t rx_bytes = 0;
  std::uint64_t ring_errors[kRingErrorKinds] = {};
  DropCounters drops;  // of packets this interface sent
};

struct EngineStats {
  std::uint64_t tx_rounds = 0, softnet_rounds = 0, rx_rounds = 0;
  std::uint64_t tx_packets = 0, softnet_packets = 0, rx_packets = 0;
  std::uint64_t tx_pool_empty = 0;  // TX rounds cut short: no free packet
  DropCounters drops;               // by stage
  // Queue-level detail of the softnet drops: rtca per priority queue; rr's
  // one backlog is softnet_backlog in `drops`.
  std::uint64_t softnet_queue_drops[kIdcPriorityLevels] = {};
};

}  // namespace vnet
