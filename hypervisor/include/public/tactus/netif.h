// Virtual network interfaces in the guest ABI, version 1: the request and
// response layouts of the TX ring (frames the guest sends) and the RX ring
// (buffers the guest posts for frames it receives), after Xen's
// io/netif.h without its extensions (no scatter-gather, no offloads: one
// frame is one buffer inside one granted page). Plain layouts; the ring
// protocol is in ring.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tactus/grant.h"
#include "tactus/ring.h"

namespace tactus::abi {

// Ethernet frame bounds (no FCS): a frame carries at least its header.
constexpr std::uint32_t kEthHeaderBytes = 14;
constexpr std::uint32_t kEthMaxFrameBytes = 1514;

// Response status values (NetifTxResponse::status, and NetifRxResponse::status
// when negative; a non-negative RX status is the frame length).
constexpr std::int16_t kNetifRspOkay = 0;
constexpr std::int16_t kNetifRspError = -1;
constexpr std::int16_t kNetifRspDropped = -2;

// TX: the frontend grants the page holding the frame (read-only is enough).
struct NetifTxRequest {
  GrantRef gref;         // the page holding the frame
  std::uint16_t offset;  // where the frame starts in that page
  std::uint16_t flags;   // none defined yet; must be 0
  std::uint16_t id;      // echoed in the response; < the ring's slot count
  std::uint16_t size;    // frame bytes; offset + size <= kPageSize
};
static_assert(sizeof(NetifTxRequest) == 12);
static_assert(offsetof(NetifTxRequest, gref) == 0);
static_assert(offsetof(NetifTxRequest, offset) == 4);
static_assert(offsetof(NetifTxRequest, flags) == 6);
static_assert(offsetof(NetifTxRequest, id) == 8);
static_assert(offsetof(NetifTxRequest, size) == 10);

struct NetifTxResponse {
  std::uint16_t id;
  std::int16_t status;  // kNetifRsp*
};
static_assert(sizeof(NetifTxResponse) == 4);
static_assert(offsetof(NetifTxResponse, status) == 2);

// RX: the frontend grants an empty page (writable); the backend copies one
// frame to its start and answers with the length.
struct NetifRxRequest {
  std::uint16_t id;  // echoed in the response; < the ring's slot count
  std::uint16_t pad;
  GrantRef gref;  // the empty page
};
static_assert(sizeof(NetifRxRequest) == 8);
static_assert(offsetof(NetifRxRequest, gref) == 4);

struct NetifRxResponse {
  std::uint16_t id;
  std::uint16_t offset;  // where the frame starts in the page
  std::uint16_t flags;   // none defined yet
  std::int16_t status;   // frame length (> 0) or kNetifRsp* (< 0)
};
static_assert(sizeof(NetifRxResponse) == 8);
static_assert(offsetof(NetifRxResponse, offset) == 2);
static_assert(offsetof(NetifRxResponse, status) == 6);

union NetifTxSlot {
  NetifTxRequest req;
  NetifTxResponse rsp;
};
union NetifRxSlot {
  NetifRxRequest req;
  NetifRxResponse rsp;
};

// 256 slots each way: (4096 - 64) / 12 = 336 and (4096 - 64) / 8 = 504,
// rounded down to a power of two.
constexpr std::uint32_t kNetifTxRingSlots = ring_slots_for(sizeof(NetifTxSlot));
constexpr std::uint32_t kNetifRxRingSlots = ring_slots_for(sizeof(NetifRxSlot));
static_assert(kNetifTxRingSlots == 256 && kNetifRxRingSlots == 256);

using NetifTxSharedRing = SharedRing<NetifTxSlot, kNetifTxRingSlots>;
using NetifRxSharedRing = SharedRing<NetifRxSlot, kNetifRxRingSlots>;
static_assert(sizeof(NetifTxSharedRing) <= kPageSize);
static_assert(sizeof(NetifRxSharedRing) <= kPageSize);
static_assert(offsetof(NetifTxSharedRing, slot) == 64);
static_assert(offsetof(NetifRxSharedRing, slot) == 64);

}  // namespace tactus::abi
