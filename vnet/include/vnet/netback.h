// vnet::Netback: domain 0's end of one guest interface (a "netif"/vif). It
// owns the connection state machine (xenbus.h) and everything mapped or
// bound for the guest: the two ring pages and the event channel. The
// stages (engine.h) call take_tx() to copy one frame out of the guest's TX
// ring and deliver_rx() to copy one into its RX ring.
//
// States: closed --probe--> init_wait --frontend initialised--> connected;
// connected --frontend closing/closed, frontend_destroyed(), or a ring
// error--> closing/closed, releasing the rings and the port and flushing
// the stages' packets from or to it. A ring error (stats.h RingError)
// disables only this interface: one log line, one count, no more I/O until
// the frontend reconnects.
//
// LOCKING: all methods run on the stage thread (the caller serializes
// them with the engine's rounds).
#pragma once

#include <cstdint>

#include "support/intrusive.h"
#include "tactus/netif.h"
#include "vnet/packet.h"
#include "vnet/platform.h"
#include "vnet/ring.h"
#include "vnet/stats.h"
#include "vnet/xenbus.h"

namespace vnet {

class Engine;

using TxBackRing = BackRing<tactus::abi::NetifTxSharedRing, tactus::abi::NetifTxRequest,
                            tactus::abi::NetifTxResponse>;
using RxBackRing = BackRing<tactus::abi::NetifRxSharedRing, tactus::abi::NetifRxRequest,
                            tactus::abi::NetifRxResponse>;

struct AllVifsTag;
struct ScheduleTag;
using AllVifsHook = support::bi::list_base_hook<support::bi::tag<AllVifsTag>>;
using ScheduleHook = support::bi::list_base_hook<support::bi::tag<ScheduleTag>>;

class Netback : public AllVifsHook, public ScheduleHook {
 public:
  // `handle` numbers the domain's interfaces (vif<domain>.<handle>).
  Netback(Platform& platform, DomainId frontend, std::uint32_t handle, std::uint8_t priority);
  Netback(const Netback&) = delete;
  Netback& operator=(const Netback&) = delete;
  ~Netback();

  // Connection (the toolstack calls these).
  void probe(VifRendezvous& r);             // backend created: init_wait, then as frontend_changed
  void frontend_changed(VifRendezvous& r);  // the frontend's state changed
  void frontend_destroyed(VifRendezvous& r);  // its domain is gone: release everything
  void remove(VifRendezvous& r);              // backend deleted: release everything, closed

  XenbusState state() const { return state_; }
  bool connected() const { return state_ == XenbusState::connected; }
  bool disabled() const { return disabled_; }
  DomainId frontend() const { return frontend_; }
  std::uint32_t handle() const { return handle_; }
  std::uint8_t priority() const { return priority_; }
  void set_priority(std::uint8_t p);  // clamped to kIdcLowestPriority
  EventPort port() const { return port_; }
  const VifStats& stats() const { return stats_; }
  VifStats& stats() { return stats_; }

  // Stage interface.
  enum class TxOutcome : std::uint8_t {
    packet,      // *out holds a frame
    rejected,    // a bad request was answered with an error and dropped
    no_request,  // nothing published
    no_packet,   // the pool is empty; the request stays in the ring
    disabled,    // a ring error disabled the interface
  };
  TxOutcome take_tx(PacketPool& pool, Packet** out);
  // True when requests are waiting; when not, arms req_event and re-checks.
  bool tx_more();
  enum class RxOutcome : std::uint8_t { delivered, no_buffer, disabled };
  RxOutcome deliver_rx(const Packet& p);

 private:
  friend class Engine;
  void connect(VifRendezvous& r);
  void disable(RingError e, std::uint32_t detail);
  void release();  // unmap, close, flush; idempotent
  void respond_tx(std::uint16_t id, std::int16_t status);

  Platform& platform_;
  Engine* engine_ = nullptr;     // set by Engine::add
  VifRendezvous* rv_ = nullptr;  // where our state is published
  DomainId frontend_;
  std::uint32_t handle_;
  std::uint8_t priority_;
  XenbusState state_ = XenbusState::closed;
  bool disabled_ = false;
  void* tx_map_ = nullptr;
  void* rx_map_ = nullptr;
  EventPort port_ = tactus::abi::kInvalidPort;
  TxBackRing tx_;
  RxBackRing rx_;
  VifStats stats_;
};

}  // namespace vnet
