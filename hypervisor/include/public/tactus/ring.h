// Shared rings in the guest ABI, version 1, with the semantics of Xen's
// io/ring.h: one shared page holds a header and a power-of-two array of
// slots; each slot carries a request (frontend -> backend) and, once the
// backend has consumed it, the response to it. The indices are free-running
// 32-bit counters (they wrap at 2^32, never at the slot count); a slot is
// index & (slots - 1). The *_event fields hold the index at which the other
// side wants the next notification (the hold-off; see docs/networking.md).
// The protocol code lives in vnet/include/vnet/ring.h. Plain layout; each
// side writes only its own indices.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tactus/grant.h"

namespace tactus::abi {

using RingIdx = std::uint32_t;

// The header at the start of every shared ring page.
struct RingHeader {
  RingIdx req_prod;   // written by the frontend
  RingIdx req_event;  // written by the backend: notify it when req_prod passes this
  RingIdx rsp_prod;   // written by the backend
  RingIdx rsp_event;  // written by the frontend: notify it when rsp_prod passes this
  std::uint8_t pad[48];
};
static_assert(sizeof(RingHeader) == 64);
static_assert(offsetof(RingHeader, req_prod) == 0);
static_assert(offsetof(RingHeader, req_event) == 4);
static_assert(offsetof(RingHeader, rsp_prod) == 8);
static_assert(offsetof(RingHeader, rsp_event) == 12);

// The largest power of two not above n (n >= 1).
constexpr std::uint32_t ring_floor_pow2(std::uint64_t n) {
  std::uint32_t p = 1;
  while (std::uint64_t{p} * 2 <= n) p *= 2;
  return p;
}

// How many slots of `slot_bytes` fit in one page after the header.
constexpr std::uint32_t ring_slots_for(std::size_t slot_bytes) {
  return ring_floor_pow2((kPageSize - sizeof(RingHeader)) / slot_bytes);
}

// One shared ring page: the header, then Slots slots of type Slot.
template <typename Slot, std::uint32_t Slots>
struct SharedRing {
  static_assert(Slots != 0 && (Slots & (Slots - 1)) == 0, "slot count must be a power of two");
  static constexpr std::uint32_t kSlots = Slots;
  RingHeader header;
  Slot slot[Slots];
};

}  // namespace tactus::abi
