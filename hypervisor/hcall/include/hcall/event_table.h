// EventTable: one domain's event-channel ports (abi::kMaxPorts, port 0 never
// used) and its upcall vector. Port states and peers are hypervisor-private;
// the pending and mask bits live in the domain's shared-info page (shared
// with the guest, changed with atomic bit operations). Semantics that involve
// two domains (bind, send, close) belong to EventRouter, which owns the lock:
// every member here that changes state is called with the router's lock held.
#pragma once

#include <cstdint>

#include "hcall/reply.h"
#include "tactus/abi.h"
#include "tactus/event.h"
#include "tactus/shared_info.h"

namespace hcall {

enum class PortState : std::uint8_t { free, unbound, interdomain, virq };

struct Port {
  PortState state = PortState::free;
  abi::DomainId remote = abi::kDomainInvalid;      // unbound: who may bind; interdomain: the peer
  abi::EventPort remote_port = abi::kInvalidPort;  // interdomain: the peer's port
  abi::Virq virq = abi::Virq::timer;               // virq: which one
};

class EventTable {
 public:
  explicit EventTable(abi::SharedInfo& shared);
  EventTable(const EventTable&) = delete;
  EventTable& operator=(const EventTable&) = delete;

  const Port& port(abi::EventPort p) const { return ports_[p]; }
  Port& port(abi::EventPort p) { return ports_[p]; }
  static bool valid(abi::EventPort p) { return p != abi::kInvalidPort && p < abi::kMaxPorts; }

  // The lowest free port, its pending and mask bits cleared (ENOSPC when full).
  Reply<abi::EventPort> allocate();
  // Back to free; clears the pending bit and forgets any virq binding.
  void release(abi::EventPort p);

  // Sets the pending bit. True when the domain must be notified: the bit was
  // clear, the port is not masked and the upcall was not already pending.
  bool set_pending(abi::EventPort p);
  void mask(abi::EventPort p);
  // Clears the mask bit. True when the port is pending and the domain must
  // now be notified (as set_pending).
  bool unmask(abi::EventPort p);

  bool pending(abi::EventPort p) const;
  bool masked(abi::EventPort p) const;
  // Any port pending and not masked: what sched_block waits for.
  bool has_unmasked_pending() const;

  abi::EventPort virq_port(abi::Virq v) const { return virq_ports_[static_cast<std::uint32_t>(v)]; }
  void set_virq_port(abi::Virq v, abi::EventPort p) {
    virq_ports_[static_cast<std::uint32_t>(v)] = p;
  }

  std::uint8_t upcall_vector() const { return upcall_vector_; }  // 0: none registered
  void set_upcall_vector(std::uint8_t v) { upcall_vector_ = v; }

  abi::SharedInfo& shared() { return shared_; }

 private:
  bool notify_needed(abi::EventPort p);

  Port ports_[abi::kMaxPorts];
  abi::SharedInfo& shared_;
  abi::EventPort virq_ports_[abi::kVirqCount] = {};
  std::uint8_t upcall_vector_ = 0;
};

}  // namespace hcall
