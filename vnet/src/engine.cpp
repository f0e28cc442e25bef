// The three netback stages under rr and rtca (engine.h). Runs on domain
// 0's netback thread only; allocation-free.
#include "vnet/engine.h"

namespace vnet {

Engine::Engine(PacketPool& pool, Forwarder& forwarder) : pool_(pool), forwarder_(forwarder) {}

Engine::~Engine() {
  while (!vifs_.empty()) remove(vifs_.front());
  release_all(tx_queue_, pool_);
  release_all(backlog_, pool_);
  for (PacketList& q : prio_) release_all(q, pool_);
  release_all(rx_queue_, pool_);
}

void Engine::add(Netback& vif) {
  if (vif.engine_ == this) return;
  vif.engine_ = this;
  vifs_.push_back(vif);
  kick(vif);
}

void Engine::remove(Netback& vif) {
  if (vif.engine_ != this) return;
  flush(vif);
  vifs_.erase(vifs_.iterator_to(vif));
  vif.engine_ = nullptr;
}

support::Status Engine::configure(const Settings& s) {
  if (auto st = validate(s); !st) return st;
  Policy from = settings_.policy;
  settings_ = s;
  if (from != s.policy) migrate_softnet(s.policy);
  return support::Status::success();
}

void Engine::kick(Netback& vif) {
  if (vif.engine_ != this || static_cast<ScheduleHook&>(vif).is_linked()) return;
  RingIdx pending = 0;
  if (vif.connected() && vif.tx_.peek(&pending) != TxBackRing::Take::empty)
    schedule_.push_back(vif);
}

std::uint32_t Engine::softnet_queued() const {
  std::size_t n = backlog_.size();
  for (const PacketList& q : prio_) n += q.size();
  return static_cast<std::uint32_t>(n);
}

void Engine::drop(Packet* p, Drop why) {
  ++stats_.drops[why];
  if (p->src != nullptr) ++p->src->stats_.drops[why];
  pool_.put(p);
}

namespace {
// Moves out of `list` every packet from or to `vif`, dropping it as flushed.
template <typename DropFn>
void flush_list(PacketList& list, const Netback& vif, DropFn&& drop_fn) {
  for (auto it = list.begin(); it != list.end();) {
    Packet& p = *it;
    if (p.src == &vif || p.dst == &vif) {
      it = list.erase(it);
      drop_fn(&p);
    } else {
      ++it;
    }
  }
}
}  // namespace

void Engine::flush(Netback& vif) {
  if (static_cast<ScheduleHook&>(vif).is_linked()) schedule_.erase(schedule_.iterator_to(vif));
  auto dropper = [this, &vif](Packet* p) {
    // A packet from vif counts at vif; one to vif counts at its sender.
    if (p->src == &vif) p->src = nullptr, ++vif.stats_.drops[Drop::flushed];
    drop(p, Drop::flushed);
  };
  flush_list(tx_queue_, vif, dropper);
  flush_list(backlog_, vif, dropper);
  for (PacketList& q : prio_) flush_list(q, vif, dropper);
  flush_list(rx_queue_, vif, dropper);
}

Netback* Engine::next_rtca() {
  auto best = schedule_.begin();
  for (auto it = schedule_.begin(); it != schedule_.end(); ++it)
    if (it->priority() < best->priority()) best = it;
  Netback& vif = *best;
  schedule_.erase(best);
  return &vif;
}

bool Engine::tx_round() {
  ++stats_.tx_rounds;
  const bool rtca = settings_.policy == Policy::rtca;
  std::uint32_t total = 0;
  std::uint32_t counter = 0;
  std::uint8_t current = kIdcLowestPriority;
  if (rtca && !schedule_.empty()) {
    for (const Netback& v : schedule_)
      if (v.priority() < current) current = v.priority();
  }
  while (!schedule_.empty() && total < kTxRoundLimit && (!rtca || counter < settings_.batch)) {
    Netback* vif = nullptr;
    if (rtca) {
      vif = next_rtca();
      if (vif->priority() < current) {  // a higher priority arrived during the round
        counter = 0;
        current = vif->priority();
      }
    } else {
      vif = &schedule_.front();
      schedule_.pop_front();
    }
    static_assert(kTxQuantum == 1, "one packet per turn of an interface");
    Packet* p = nullptr;
    Netback::TxOutcome out = vif->take_tx(pool_, &p);
    if (out == Netback::TxOutcome::packet) tx_queue_.push_back(*p);
    if (out == Netback::TxOutcome::no_packet) {
      ++stats_.tx_pool_empty;
      schedule_.push_front(*vif);
      break;
    }
    if (out == Netback::TxOutcome::packet || out == Netback::TxOutcome::rejected) {
      ++total;
      ++counter;
      if (out == Netback::TxOutcome::rejected) {
        ++stats_.drops[Drop::tx_bad_request];
        ++vif->stats_.drops[Drop::tx_bad_request];
      }
    }
    if (out != Netback::TxOutcome::disabled && vif->tx_more()) schedule_.push_back(*vif);
  }
  stats_.tx_packets += tx_queue_.size();
  // The TX queue leaves in FIFO order.
  while (!tx_queue_.empty()) {
    Packet& p = tx_queue_.front();
    tx_queue_.pop_front();
    to_softnet(&p);
  }
  return !schedule_.empty();
}

void Engine::to_softnet(Packet* p) {
  if (settings_.policy == Policy::rr) {
    if (backlog_.size() >= kBacklogLimit) return drop(p, Drop::softnet_backlog);
    backlog_.push_back(*p);
    return;
  }
  PacketList& q = prio_[p->priority];
  if (q.size() >= settings_.queue_limit) {
    ++stats_.softnet_queue_drops[p->priority];
    return drop(p, Drop::softnet_queue_full);
  }
  q.push_back(*p);
}

void Engine::route(Packet* p) {
  ++stats_.softnet_packets;
  Netback* dst = forwarder_.route(*p);
  if (dst == nullptr || !dst->connected() || dst->engine_ != this)
    return drop(p, Drop::softnet_no_route);
  p->dst = dst;
  rx_queue_.push_back(*p);
}

bool Engine::softnet_round() {
  ++stats_.softnet_rounds;
  if (settings_.policy == Policy::rr) {
    // The backlog device is the only device on the poll list: it is served
    // kSoftnetDeviceWeight at a time and put back while budget remains.
    std::uint32_t budget = kSoftnetRoundBudget;
    while (budget > 0 && !backlog_.empty()) {
      std::uint32_t quota = budget < kSoftnetDeviceWeight ? budget : kSoftnetDeviceWeight;
      for (std::uint32_t i = 0; i < quota && !backlog_.empty(); ++i, --budget) {
        Packet& p = backlog_.front();
        backlog_.pop_front();
        route(&p);
      }
    }
    return !backlog_.empty();
  }
  for (PacketList& q : prio_) {
    if (q.empty()) continue;
    for (std::uint32_t i = 0; i < settings_.batch && !q.empty(); ++i) {
      Packet& p = q.front();
      q.pop_front();
      route(&p);
    }
    break;  // only the highest non-empty queue
  }
  return softnet_queued() != 0;
}

bool Engine::rx_round() {
  ++stats_.rx_rounds;
  for (std::uint32_t i = 0; i < kRxRoundLimit && !rx_queue_.empty(); ++i) {
    Packet& p = rx_queue_.front();
    rx_queue_.pop_front();
    switch (p.dst->deliver_rx(p)) {
      case Netback::RxOutcome::delivered:
        ++stats_.rx_packets;
        pool_.put(&p);
        break;
      case Netback::RxOutcome::no_buffer:
        drop(&p, Drop::rx_no_buffer);
        break;
      // deliver_rx disabled the destination, which flushed what was queued
      // for it; this packet was already off the queue.
      case Netback::RxOutcome::disabled:
        drop(&p, Drop::flushed);
        break;
    }
  }
  return !rx_queue_.empty();
}

bool Engine::poll() {
  bool more = rx_round();
  more = tx_round() || more;
  more = softnet_round() || more;
  // softnet wakes the netback thread for what it put on the RX queue.
  return more || !rx_queue_.empty();
}

void Engine::migrate_softnet(Policy to) {
  PacketList moving;
  if (to == Policy::rtca) {
    moving.splice(moving.end(), backlog_);
  } else {
    for (PacketList& q : prio_) moving.splice(moving.end(), q);
  }
  while (!moving.empty()) {
    Packet& p = moving.front();
    moving.pop_front();
    PacketList& q = to == Policy::rtca ? prio_[p.priority] : backlog_;
    std::uint32_t limit = to == Policy::rtca ? settings_.queue_limit : kBacklogLimit;
    if (q.size() >= limit) {
      drop(&p, Drop::policy_switch);
      continue;
    }
    q.push_back(p);
  }
}

}  // namespace vnet
