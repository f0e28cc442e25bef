// Netfront: grants, ring set-up, send/receive and the frontend state
// machine (netfront.h). One guest thread drives it.
#include "vnet/netfront.h"

#include <cstring>

namespace vnet {

namespace abi = tactus::abi;
using support::Errc;
using support::make_error;

Netfront::Netfront(Platform& platform, DomainId backend, NetfrontMemory memory)
    : platform_(platform), backend_(backend), mem_(memory) {}

support::Status Netfront::start(VifRendezvous& r) {
  if (state_ != XenbusState::initialising && state_ != XenbusState::closed)
    return make_error(Errc::busy, "netfront already started");
  if (mem_.tx_ring == nullptr || mem_.rx_ring == nullptr || mem_.tx_buffers.empty() ||
      mem_.rx_buffers.empty() || mem_.tx_buffers.size() > abi::kNetifTxRingSlots ||
      mem_.rx_buffers.size() > abi::kNetifRxRingSlots)
    return make_error(Errc::invalid, "netfront memory: two ring pages and 1..256 buffers each way");
  auto tx = platform_.grant_access(backend_, *mem_.tx_ring, false);
  if (!tx) return tx.status();
  tx_ring_ref_ = tx.value();
  auto rx = platform_.grant_access(backend_, *mem_.rx_ring, false);
  if (!rx) {
    (void)platform_.grant_revoke(tx_ring_ref_);
    return rx.status();
  }
  rx_ring_ref_ = rx.value();
  rings_granted_ = true;
  for (; granted_tx_ < mem_.tx_buffers.size(); ++granted_tx_) {
    auto g = platform_.grant_access(backend_, mem_.tx_buffers[granted_tx_], true);
    if (!g) return teardown(), g.status();
    tx_ref_[granted_tx_] = g.value();
  }
  for (; granted_rx_ < mem_.rx_buffers.size(); ++granted_rx_) {
    auto g = platform_.grant_access(backend_, mem_.rx_buffers[granted_rx_], false);
    if (!g) return teardown(), g.status();
    rx_ref_[granted_rx_] = g.value();
  }
  auto port = platform_.alloc_unbound(backend_);
  if (!port) return teardown(), port.status();
  port_ = port.value();

  tx_.init_shared(reinterpret_cast<abi::NetifTxSharedRing*>(mem_.tx_ring->bytes));
  rx_.init_shared(reinterpret_cast<abi::NetifRxSharedRing*>(mem_.rx_ring->bytes));
  free_tx_count_ = 0;
  for (std::uint32_t i = granted_tx_; i > 0; --i) free_tx_[free_tx_count_++] = std::uint16_t(i - 1);
  for (std::uint32_t i = 0; i < granted_rx_; ++i) post_rx(std::uint16_t(i));
  (void)rx_.push_requests();  // no backend yet to notify

  r.info = FrontendInfo{tx_ring_ref_, rx_ring_ref_, port_};
  state_ = XenbusState::initialised;
  r.front = state_;
  return support::Status::success();
}

void Netfront::backend_changed(VifRendezvous& r) {
  switch (r.back) {
    case XenbusState::connected:
      if (state_ == XenbusState::initialised) state_ = XenbusState::connected;
      break;
    case XenbusState::closing:
      // The backend gave up (or found a ring error): close our side.
      if (state_ == XenbusState::connected || state_ == XenbusState::initialised)
        state_ = XenbusState::closing;
      [[fallthrough]];
    case XenbusState::init_wait:
    case XenbusState::closed:
    case XenbusState::unknown:
      // The backend released our pages: we may revoke them.
      if (state_ == XenbusState::closing) {
        teardown();
        state_ = XenbusState::closed;
      }
      break;
    case XenbusState::initialising:
    case XenbusState::initialised:
      break;
  }
  r.front = state_;
}

void Netfront::close(VifRendezvous& r) {
  if (state_ == XenbusState::initialising || state_ == XenbusState::closed) return;
  state_ = XenbusState::closing;
  r.front = state_;
}

void Netfront::teardown() {
  for (; granted_tx_ > 0; --granted_tx_) (void)platform_.grant_revoke(tx_ref_[granted_tx_ - 1]);
  for (; granted_rx_ > 0; --granted_rx_) (void)platform_.grant_revoke(rx_ref_[granted_rx_ - 1]);
  if (rings_granted_) {
    (void)platform_.grant_revoke(tx_ring_ref_);
    (void)platform_.grant_revoke(rx_ring_ref_);
    rings_granted_ = false;
  }
  if (port_ != abi::kInvalidPort) (void)platform_.close_port(port_);
  port_ = abi::kInvalidPort;
  free_tx_count_ = 0;
}

void Netfront::reap_tx() {
  if (!tx_.attached() || port_ == abi::kInvalidPort) return;
  while (tx_.unconsumed_responses() != 0) {
    abi::NetifTxResponse rsp = tx_.take_response();
    if (rsp.status != abi::kNetifRspOkay) ++stats_.tx_errors;
    // A backend that answers an id twice or out of range is ignored.
    bool known = rsp.id < granted_tx_;
    for (std::uint32_t i = 0; known && i < free_tx_count_; ++i) known = free_tx_[i] != rsp.id;
    if (known) free_tx_[free_tx_count_++] = rsp.id;
  }
}

support::Status Netfront::send(std::span<const std::uint8_t> frame) {
  if (state_ != XenbusState::initialised && state_ != XenbusState::connected)
    return make_error(Errc::invalid, "netfront not started");
  if (frame.size() < abi::kEthHeaderBytes || frame.size() > abi::kEthMaxFrameBytes)
    return make_error(Errc::range, "frame length outside 14..1514");
  reap_tx();
  if (free_tx_count_ == 0 || tx_.full()) return make_error(Errc::busy, "no free TX buffer");
  std::uint16_t id = free_tx_[--free_tx_count_];
  std::memcpy(mem_.tx_buffers[id].bytes, frame.data(), frame.size());
  tx_.put_request(abi::NetifTxRequest{tx_ref_[id], 0, 0, id, std::uint16_t(frame.size())});
  if (tx_.push_requests()) platform_.notify(port_);
  ++stats_.tx_packets;
  stats_.tx_bytes += frame.size();
  return support::Status::success();
}

void Netfront::post_rx(std::uint16_t id) {
  rx_.put_request(abi::NetifRxRequest{id, 0, rx_ref_[id]});
}

void Netfront::push_rx() {
  if (rx_.push_requests()) platform_.notify(port_);
}

std::uint32_t Netfront::receive(std::span<std::uint8_t> out) {
  if (!rx_.attached() || port_ == abi::kInvalidPort) return 0;
  while (rx_.unconsumed_responses() != 0) {
    abi::NetifRxResponse rsp = rx_.take_response();
    if (rsp.id >= granted_rx_) continue;  // a confused backend: ignore the slot
    bool good =
        rsp.status > 0 && std::uint32_t{rsp.offset} + std::uint32_t(rsp.status) <= abi::kPageSize;
    std::uint32_t len = good ? std::uint32_t(rsp.status) : 0;
    if (good) {
      std::uint32_t n = len < out.size() ? len : std::uint32_t(out.size());
      std::memcpy(out.data(), mem_.rx_buffers[rsp.id].bytes + rsp.offset, n);
      ++stats_.rx_packets;
      stats_.rx_bytes += len;
    } else {
      ++stats_.rx_errors;
    }
    post_rx(rsp.id);
    push_rx();
    if (good) return len;
  }
  return 0;
}

bool Netfront::final_check() {
  if (!tx_.attached()) return false;
  bool tx = tx_.final_check_for_responses();
  bool rx = rx_.final_check_for_responses();
  return tx || rx;
}

}  // namespace vnet
