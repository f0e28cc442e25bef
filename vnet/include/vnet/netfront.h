// vnet::Netfront: a guest's end of one interface. It owns the memory it
// grants to the backend: the two ring pages and fixed TX and RX buffer
// pages (one frame each, granted once at start and kept: persistent grants).
//
// States: initialising --start--> initialised (rings, buffers and an
// unbound port published in the rendezvous) --backend connected-->
// connected --close--> closing --backend released--> closed. start() may run
// before or after the backend exists; frames sent while initialised wait in
// the ring for the backend.
//
// LOCKING: one guest thread drives it (send/receive/poll and the
// rendezvous callbacks); the event upcall only wakes that thread.
#pragma once

#include <cstdint>
#include <span>

#include "support/error.h"
#include "tactus/netif.h"
#include "vnet/platform.h"
#include "vnet/ring.h"
#include "vnet/xenbus.h"

namespace vnet {

using TxFrontRing = FrontRing<tactus::abi::NetifTxSharedRing, tactus::abi::NetifTxRequest,
                              tactus::abi::NetifTxResponse>;
using RxFrontRing = FrontRing<tactus::abi::NetifRxSharedRing, tactus::abi::NetifRxRequest,
                              tactus::abi::NetifRxResponse>;

struct NetfrontMemory {
  Page* tx_ring = nullptr;
  Page* rx_ring = nullptr;
  std::span<Page> tx_buffers;  // 1 .. kNetifTxRingSlots
  std::span<Page> rx_buffers;  // 1 .. kNetifRxRingSlots
};

struct NetfrontStats {
  std::uint64_t tx_packets = 0, tx_bytes = 0, tx_errors = 0;  // errors: non-okay responses
  std::uint64_t rx_packets = 0, rx_bytes = 0, rx_errors = 0;
};

class Netfront {
 public:
  Netfront(Platform& platform, DomainId backend, NetfrontMemory memory);
  Netfront(const Netfront&) = delete;
  Netfront& operator=(const Netfront&) = delete;

  support::Status start(VifRendezvous& r);
  void backend_changed(VifRendezvous& r);
  void close(VifRendezvous& r);  // closing; closed once the backend let go

  XenbusState state() const { return state_; }
  EventPort port() const { return port_; }
  const NetfrontStats& stats() const { return stats_; }

  // Queues one frame; Errc::busy when every TX buffer is in flight.
  support::Status send(std::span<const std::uint8_t> frame);
  // Copies the next received frame into `out` (truncating); returns its
  // length, 0 when none is waiting.
  std::uint32_t receive(std::span<std::uint8_t> out);
  // Frees the TX buffers the backend has answered.
  void reap_tx();
  // Before sleeping: arms both rings' notifications; true when work arrived.
  bool final_check();

 private:
  void post_rx(std::uint16_t id);
  void push_rx();
  void teardown();

  Platform& platform_;
  DomainId backend_;
  NetfrontMemory mem_;
  XenbusState state_ = XenbusState::initialising;
  EventPort port_ = tactus::abi::kInvalidPort;
  GrantRef tx_ring_ref_ = 0, rx_ring_ref_ = 0;
  GrantRef tx_ref_[tactus::abi::kNetifTxRingSlots] = {};
  GrantRef rx_ref_[tactus::abi::kNetifRxRingSlots] = {};
  std::uint32_t granted_tx_ = 0, granted_rx_ = 0;  // how many buffer grants are live
  bool rings_granted_ = false;
  std::uint16_t free_tx_[tactus::abi::kNetifTxRingSlots] = {};
  std::uint32_t free_tx_count_ = 0;
  TxFrontRing tx_;
  RxFrontRing rx_;
  NetfrontStats stats_;
};

}  // namespace vnet
