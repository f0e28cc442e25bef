// vnet::Engine: domain 0's three netback stages over every interface, with
// the policy switchable at run time (policy.h).
//
//  TX (net_tx_action): interfaces with pending requests wait on the
//    schedule list. rr: the first one sends one packet and goes to the back
//    if it has more; at most kTxRoundLimit packets a round. rtca (Algorithm
//    3): each packet comes from the highest-priority interface on the list
//    (FIFO among equals); at most `batch` packets a round, the counter reset
//    when a higher priority than the current one appears; kTxRoundLimit in
//    total. The round's packets then move, in order, to softnet.
//  softnet (NET_RX_SOFTIRQ): rr: one backlog of kBacklogLimit, served
//    kSoftnetDeviceWeight at a time up to kSoftnetRoundBudget a round.
//    rtca: one queue per priority of `queue_limit` each; a round serves only
//    the highest non-empty queue, up to `batch` packets. Each packet is
//    routed by the Forwarder to the RX queue.
//  RX (net_rx_action): FIFO, kRxRoundLimit a round, under both policies.
//
// Each *_round() returns true when that stage has work left (the caller
// reschedules it: the kernel thread or softirq of the thesis). poll() runs
// RX, TX, softnet once, the order of the Linux 3.x netback thread.
// Nothing here allocates; packets come from the PacketPool.
//
// LOCKING: one thread (domain 0's netback thread) calls every method; event
// upcalls reach it as kick().
#pragma once

#include <cstdint>

#include "support/error.h"
#include "support/intrusive.h"
#include "vnet/netback.h"
#include "vnet/packet.h"
#include "vnet/policy.h"
#include "vnet/stats.h"

namespace vnet {

// Chooses where a frame goes (domain 0's bridge). nullptr: nowhere.
class Forwarder {
 public:
  virtual Netback* route(const Packet& p) = 0;

 protected:
  ~Forwarder() = default;
};

class Engine {
 public:
  Engine(PacketPool& pool, Forwarder& forwarder);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  void add(Netback& vif);
  void remove(Netback& vif);  // flushes its packets

  support::Status configure(const Settings& s);  // refuses invalid settings, changes nothing
  const Settings& settings() const { return settings_; }

  // The interface's frontend notified us (TX requests published).
  void kick(Netback& vif);

  bool tx_round();
  bool softnet_round();
  bool rx_round();
  bool poll();

  const EngineStats& stats() const { return stats_; }
  std::uint32_t scheduled() const { return static_cast<std::uint32_t>(schedule_.size()); }
  std::uint32_t softnet_queued() const;
  std::uint32_t rx_queued() const { return static_cast<std::uint32_t>(rx_queue_.size()); }

 private:
  friend class Netback;
  using VifList = support::bi::list<Netback, support::bi::base_hook<AllVifsHook>>;
  using ScheduleList = support::bi::list<Netback, support::bi::base_hook<ScheduleHook>,
                                         support::bi::constant_time_size<true>>;

  void flush(Netback& vif);  // drops every packet from or to vif; unschedules it
  void drop(Packet* p, Drop why);
  Netback* next_rtca();  // highest priority on the schedule list, unlinked
  void to_softnet(Packet* p);
  void route(Packet* p);
  void migrate_softnet(Policy to);

  PacketPool& pool_;
  Forwarder& forwarder_;
  Settings settings_;
  VifList vifs_;
  ScheduleList schedule_;
  PacketList tx_queue_;
  PacketList backlog_;                   // rr
  PacketList prio_[kIdcPriorityLevels];  // rtca
  PacketList rx_queue_;
  EngineStats stats_;
};

}  // namespace vnet
