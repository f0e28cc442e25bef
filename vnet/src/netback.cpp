// Netback: one interface's connection state machine, ring consumption with
// validation of every copied request, and RX delivery (netback.h). Runs on
// the stage thread only.
#include "vnet/netback.h"

#include "support/format.h"
#include "vnet/engine.h"

namespace vnet {

namespace abi = tactus::abi;

Netback::Netback(Platform& platform, DomainId frontend, std::uint32_t handle, std::uint8_t priority)
    : platform_(platform), frontend_(frontend), handle_(handle), priority_(priority) {
  set_priority(priority);
}

Netback::~Netback() {
  if (engine_ != nullptr) engine_->remove(*this);
  release();
}

void Netback::set_priority(std::uint8_t p) {
  priority_ = p > kIdcLowestPriority ? kIdcLowestPriority : p;
}

void Netback::probe(VifRendezvous& r) {
  rv_ = &r;
  // A second probe of a live backend is only a state change to look at.
  if (state_ == XenbusState::closed) state_ = XenbusState::init_wait;
  r.back = state_;
  frontend_changed(r);
}

void Netback::frontend_changed(VifRendezvous& r) {
  rv_ = &r;
  switch (r.front) {
    case XenbusState::initialised:
    case XenbusState::connected:
      if (state_ == XenbusState::init_wait) connect(r);
      break;
    case XenbusState::closing:
      release();
      if (state_ != XenbusState::closed) state_ = XenbusState::closing;
      break;
    case XenbusState::closed:
      // The frontend finished closing: ready for it to connect again.
      release();
      disabled_ = false;
      if (state_ != XenbusState::closed) state_ = XenbusState::init_wait;
      break;
    case XenbusState::unknown:
      // Not there yet (we came first) or gone (its domain was destroyed).
      if (state_ == XenbusState::init_wait) break;
      frontend_destroyed(r);
      return;
    case XenbusState::initialising:
    case XenbusState::init_wait:
      break;
  }
  r.back = state_;
}

void Netback::frontend_destroyed(VifRendezvous& r) {
  release();
  state_ = XenbusState::closed;
  r.back = state_;
}

void Netback::remove(VifRendezvous& r) {
  if (engine_ != nullptr) engine_->remove(*this);
  frontend_destroyed(r);
  rv_ = nullptr;
}

void Netback::connect(VifRendezvous& r) {
  const FrontendInfo& info = r.info;
  if (info.tx_ring >= abi::kMaxGrants || info.rx_ring >= abi::kMaxGrants) {
    disable(RingError::bad_grant, info.tx_ring >= abi::kMaxGrants ? info.tx_ring : info.rx_ring);
    return;
  }
  auto tx = platform_.map_grant(frontend_, info.tx_ring);
  if (!tx) return disable(RingError::bad_grant, info.tx_ring);
  tx_map_ = tx.value();
  auto rx = platform_.map_grant(frontend_, info.rx_ring);
  if (!rx) return disable(RingError::bad_grant, info.rx_ring);
  rx_map_ = rx.value();
  auto port = platform_.bind_interdomain(frontend_, info.port);
  if (!port) return disable(RingError::bad_grant, info.port);
  port_ = port.value();
  tx_.attach(static_cast<abi::NetifTxSharedRing*>(tx_map_));
  rx_.attach(static_cast<abi::NetifRxSharedRing*>(rx_map_));
  state_ = XenbusState::connected;
  r.back = state_;
  // Requests published before we connected wait on the ring.
  if (engine_ != nullptr) engine_->kick(*this);
}

void Netback::disable(RingError e, std::uint32_t detail) {
  ++stats_.ring_errors[static_cast<std::uint32_t>(e)];
  char line[128];
  std::size_t n = support::format_buf(line, "vnet: vif{}.{} disabled: {} ({:#x})", frontend_,
                                      handle_, ring_error_name(e), detail);
  platform_.log(std::string_view(line, n));
  disabled_ = true;
  release();
  state_ = XenbusState::closing;
  if (rv_ != nullptr) rv_->back = state_;
}

void Netback::release() {
  if (engine_ != nullptr) engine_->flush(*this);
  tx_.detach();
  rx_.detach();
  if (tx_map_ != nullptr) (void)platform_.unmap_grant(tx_map_);
  if (rx_map_ != nullptr) (void)platform_.unmap_grant(rx_map_);
  if (port_ != abi::kInvalidPort) (void)platform_.close_port(port_);
  tx_map_ = nullptr;
  rx_map_ = nullptr;
  port_ = abi::kInvalidPort;
}

void Netback::respond_tx(std::uint16_t id, std::int16_t status) {
  tx_.put_response(abi::NetifTxResponse{id, status});
  if (tx_.push_responses()) platform_.notify(port_);
}

Netback::TxOutcome Netback::take_tx(PacketPool& pool, Packet** out) {
  if (!connected()) return disabled_ ? TxOutcome::disabled : TxOutcome::no_request;
  RingIdx pending = 0;
  switch (tx_.peek(&pending)) {
    case TxBackRing::Take::overrun:
      disable(RingError::overrun, pending);
      return TxOutcome::disabled;
    case TxBackRing::Take::empty:
      return TxOutcome::no_request;
    case TxBackRing::Take::request:
      break;
  }
  Packet* p = pool.get();
  if (p == nullptr) return TxOutcome::no_packet;
  abi::NetifTxRequest req;
  TxBackRing::Take t = tx_.take_request(&req);  // the one copy; only `req` is looked at
  if (t != TxBackRing::Take::request) {
    pool.put(p);
    if (t == TxBackRing::Take::empty) return TxOutcome::no_request;
    disable(RingError::overrun, 0);
    return TxOutcome::disabled;
  }
  RingError err{};
  std::uint32_t detail = 0;
  bool fatal = true;
  if (req.id >= abi::kNetifTxRingSlots) {
    err = RingError::bad_id, detail = req.id;
  } else if (req.gref >= abi::kMaxGrants) {
    err = RingError::bad_grant, detail = req.gref;
  } else if (std::uint32_t{req.offset} + req.size > abi::kPageSize) {
    err = RingError::crosses_page, detail = std::uint32_t{req.offset} + req.size;
  } else {
    fatal = false;
  }
  if (fatal) {
    pool.put(p);
    disable(err, detail);
    return TxOutcome::disabled;
  }
  if (req.flags != 0 || req.size < abi::kEthHeaderBytes || req.size > abi::kEthMaxFrameBytes) {
    pool.put(p);
    respond_tx(req.id, abi::kNetifRspError);
    return TxOutcome::rejected;
  }
  if (!platform_.copy_from_grant(frontend_, req.gref, req.offset, std::span(p->data, req.size))) {
    pool.put(p);
    disable(RingError::bad_grant, req.gref);
    return TxOutcome::disabled;
  }
  p->src = this;
  p->priority = priority_;
  p->len = req.size;
  ++stats_.tx_packets;
  stats_.tx_bytes += req.size;
  respond_tx(req.id, abi::kNetifRspOkay);
  *out = p;
  return TxOutcome::packet;
}

bool Netback::tx_more() { return connected() && tx_.final_check_for_requests(); }

Netback::RxOutcome Netback::deliver_rx(const Packet& p) {
  if (!connected()) return RxOutcome::disabled;
  abi::NetifRxRequest req;
  switch (rx_.take_request(&req)) {
    case RxBackRing::Take::overrun:
      disable(RingError::overrun, 0);
      return RxOutcome::disabled;
    case RxBackRing::Take::empty:
      return RxOutcome::no_buffer;
    case RxBackRing::Take::request:
      break;
  }
  if (req.id >= abi::kNetifRxRingSlots) {
    disable(RingError::bad_id, req.id);
    return RxOutcome::disabled;
  }
  if (req.gref >= abi::kMaxGrants ||
      !platform_.copy_to_grant(frontend_, req.gref, 0, std::span(p.data, p.len))) {
    disable(RingError::bad_grant, req.gref);
    return RxOutcome::disabled;
  }
  rx_.put_response(abi::NetifRxResponse{req.id, 0, 0, static_cast<std::int16_t>(p.len)});
  if (rx_.push_responses()) platform_.notify(port_);
  ++stats_.rx_packets;
  stats_.rx_bytes += p.len;
  return RxOutcome::delivered;
}

}  // namespace vnet
