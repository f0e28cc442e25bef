// EventRouter: connects the EventTables of all domains and implements the
// event-channel hypercalls with Xen's semantics: unbound ports wait for one
// named remote domain, binding makes an inter-domain pair, closing one end
// makes the peer unbound again, sending on a masked port sets pending but
// does not notify, unmasking a pending port notifies. "Notify" means
// UpcallSink::upcall(domain): the hypervisor wakes the domain's vCPU 0 if it
// is blocked and injects the upcall vector when one is registered.
//
// Locking: one SpinLock guards every attached table's port states; the sink
// is called after the lock is released, so the hypervisor may take its
// scheduler locks inside upcall(). attach/teardown may run on any CPU.
#pragma once

#include <cstdint>

#include "hcall/event_table.h"
#include "hcall/reply.h"
#include "hcall/request.h"
#include "support/spinlock.h"

namespace hcall {

class UpcallSink {
 public:
  virtual void upcall(abi::DomainId domain) = 0;

 protected:
  UpcallSink() = default;
  UpcallSink(const UpcallSink&) = default;
  UpcallSink& operator=(const UpcallSink&) = default;
  ~UpcallSink() = default;
};

class EventRouter {
 public:
  // Domain ids the router can hold: 0 .. kMaxDomains-1.
  static constexpr std::uint32_t kMaxDomains = 64;

  explicit EventRouter(UpcallSink& sink) : sink_(sink) {}
  EventRouter(const EventRouter&) = delete;
  EventRouter& operator=(const EventRouter&) = delete;

  // Makes a domain's table reachable (ESRCH for ids >= kMaxDomains, EEXIST
  // when the id is taken). The table must outlive its attachment.
  Outcome attach(abi::DomainId domain, EventTable& table);
  // Closes every port of the domain (peers become unbound, and unbound
  // ports elsewhere waiting for it can no longer be bound) and detaches it.
  void teardown(abi::DomainId domain);
  bool attached(abi::DomainId domain) const;

  Reply<abi::EventPort> alloc_unbound(abi::DomainId caller, abi::DomainId remote);
  Reply<abi::EventPort> bind_interdomain(abi::DomainId caller, abi::DomainId remote,
                                         abi::EventPort remote_port);
  Reply<abi::EventPort> bind_virq(abi::DomainId caller, abi::Virq virq);
  Outcome send(abi::DomainId caller, abi::EventPort port);
  Outcome close(abi::DomainId caller, abi::EventPort port);
  Outcome mask(abi::DomainId caller, abi::EventPort port);
  Outcome unmask(abi::DomainId caller, abi::EventPort port);
  Outcome set_upcall_vector(abi::DomainId caller, std::uint8_t vector);

  // Hypervisor side: the virq fired for `domain` (ENOENT when not bound).
  Outcome raise_virq(abi::DomainId domain, abi::Virq virq);

  // Runs one decoded event-channel request; the value is what goes to rax
  // on success (a port, or 0). ENOSYS for requests of other groups.
  Reply<std::uint64_t> execute(const Request& request);

  // Read access for tests and invariant checks (no lock: callers make sure
  // nothing runs concurrently).
  const EventTable* table(abi::DomainId domain) const;

 private:
  EventTable* find(abi::DomainId domain) const;
  void notify_after_unlock(abi::DomainId domain);

  UpcallSink& sink_;
  mutable support::SpinLock lock_;
  EventTable* tables_[kMaxDomains] = {};
};

}  // namespace hcall
