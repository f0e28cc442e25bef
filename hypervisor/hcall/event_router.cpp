// EventRouter: the cross-domain event-channel semantics (see the header).
// Every state change happens under lock_; UpcallSink calls happen after it
// is released. Refusals change nothing.
#include "hcall/event_router.h"

namespace hcall {
namespace {

using E = abi::Errno;
using H = abi::Hypercall;
using Lock = support::Guard<support::SpinLock>;

constexpr Refusal kNoCaller = {E::srch, "calling domain has no event table"};
constexpr Refusal kNoRemote = {E::srch, "no such domain"};
constexpr Refusal kPortNotInUse = {E::noent, "event port is not in use"};

}  // namespace

EventTable* EventRouter::find(abi::DomainId domain) const {
  return domain < kMaxDomains ? tables_[domain] : nullptr;
}

const EventTable* EventRouter::table(abi::DomainId domain) const { return find(domain); }

bool EventRouter::attached(abi::DomainId domain) const {
  Lock g(lock_);
  return find(domain) != nullptr;
}

void EventRouter::notify_after_unlock(abi::DomainId domain) {
  if (domain != abi::kDomainInvalid) sink_.upcall(domain);
}

Outcome EventRouter::attach(abi::DomainId domain, EventTable& table) {
  Lock g(lock_);
  if (domain >= kMaxDomains) return refuse(E::srch, "domain id too large for the event router");
  if (tables_[domain] != nullptr) return refuse(E::exist, "domain already has an event table");
  tables_[domain] = &table;
  return done();
}

void EventRouter::teardown(abi::DomainId domain) {
  Lock g(lock_);
  EventTable* t = find(domain);
  if (t == nullptr) return;
  for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p) {
    Port& port = t->port(p);
    if (port.state == PortState::interdomain && port.remote != domain) {
      if (EventTable* peer = find(port.remote)) {
        Port& other = peer->port(port.remote_port);
        other.state = PortState::unbound;
        other.remote = abi::kDomainInvalid;  // the id may be reused: nobody may bind it
        other.remote_port = abi::kInvalidPort;
      }
    }
    if (port.state != PortState::free) t->release(p);
  }
  // Unbound ports elsewhere that wait for this domain.
  for (abi::DomainId d = 0; d < kMaxDomains; ++d) {
    EventTable* other = tables_[d];
    if (other == nullptr || d == domain) continue;
    for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p)
      if (other->port(p).state == PortState::unbound && other->port(p).remote == domain)
        other->port(p).remote = abi::kDomainInvalid;
  }
  tables_[domain] = nullptr;
}

Reply<abi::EventPort> EventRouter::alloc_unbound(abi::DomainId caller, abi::DomainId remote) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (find(remote) == nullptr) return kNoRemote;
  auto p = t->allocate();
  if (!p.ok()) return p;
  Port& port = t->port(p.value);
  port.state = PortState::unbound;
  port.remote = remote;
  return p;
}

Reply<abi::EventPort> EventRouter::bind_interdomain(abi::DomainId caller, abi::DomainId remote,
                                                    abi::EventPort remote_port) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  EventTable* r = find(remote);
  if (r == nullptr) return kNoRemote;
  if (!EventTable::valid(remote_port)) return refuse(E::inval, "remote port out of range");
  Port& theirs = r->port(remote_port);
  if (theirs.state != PortState::unbound || theirs.remote != caller)
    return refuse(E::inval, "remote port is not unbound for the caller");
  auto p = t->allocate();
  if (!p.ok()) return p;
  Port& mine = t->port(p.value);
  mine.state = PortState::interdomain;
  mine.remote = remote;
  mine.remote_port = remote_port;
  theirs.state = PortState::interdomain;
  theirs.remote = caller;
  theirs.remote_port = p.value;
  return p;
}

Reply<abi::EventPort> EventRouter::bind_virq(abi::DomainId caller, abi::Virq virq) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (static_cast<std::uint64_t>(virq) >= abi::kVirqCount)
    return refuse(E::inval, "unknown virtual IRQ");
  if (t->virq_port(virq) != abi::kInvalidPort) return refuse(E::exist, "virtual IRQ already bound");
  auto p = t->allocate();
  if (!p.ok()) return p;
  Port& port = t->port(p.value);
  port.state = PortState::virq;
  port.virq = virq;
  t->set_virq_port(virq, p.value);
  return p;
}

Outcome EventRouter::send(abi::DomainId caller, abi::EventPort port) {
  abi::DomainId notify = abi::kDomainInvalid;
  {
    Lock g(lock_);
    EventTable* t = find(caller);
    if (t == nullptr) return kNoCaller;
    if (!EventTable::valid(port)) return refuse(E::inval, "event port out of range");
    const Port& mine = t->port(port);
    switch (mine.state) {
      case PortState::free:
        return kPortNotInUse;
      case PortState::virq:
        return refuse(E::inval, "cannot send on a virtual-IRQ port");
      case PortState::unbound:
        return done();  // nobody to tell yet (as in Xen)
      case PortState::interdomain: {
        EventTable* peer = find(mine.remote);
        if (peer == nullptr) return done();
        if (peer->set_pending(mine.remote_port)) notify = mine.remote;
        break;
      }
    }
  }
  notify_after_unlock(notify);
  return done();
}

Outcome EventRouter::close(abi::DomainId caller, abi::EventPort port) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (!EventTable::valid(port)) return refuse(E::inval, "event port out of range");
  Port& mine = t->port(port);
  if (mine.state == PortState::free) return kPortNotInUse;
  if (mine.state == PortState::interdomain) {
    if (EventTable* peer = find(mine.remote)) {
      Port& other = peer->port(mine.remote_port);
      other.state = PortState::unbound;
      other.remote = caller;
      other.remote_port = abi::kInvalidPort;
    }
  }
  t->release(port);
  return done();
}

Outcome EventRouter::mask(abi::DomainId caller, abi::EventPort port) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (!EventTable::valid(port)) return refuse(E::inval, "event port out of range");
  if (t->port(port).state == PortState::free) return kPortNotInUse;
  t->mask(port);
  return done();
}

Outcome EventRouter::unmask(abi::DomainId caller, abi::EventPort port) {
  bool notify = false;
  {
    Lock g(lock_);
    EventTable* t = find(caller);
    if (t == nullptr) return kNoCaller;
    if (!EventTable::valid(port)) return refuse(E::inval, "event port out of range");
    if (t->port(port).state == PortState::free) return kPortNotInUse;
    notify = t->unmask(port);
  }
  if (notify) notify_after_unlock(caller);
  return done();
}

Outcome EventRouter::set_upcall_vector(abi::DomainId caller, std::uint8_t vector) {
  Lock g(lock_);
  EventTable* t = find(caller);
  if (t == nullptr) return kNoCaller;
  if (vector < abi::kUpcallVectorMin) return refuse(E::inval, "upcall vector below 0x20");
  t->set_upcall_vector(vector);
  return done();
}

Outcome EventRouter::raise_virq(abi::DomainId domain, abi::Virq virq) {
  bool notify = false;
  {
    Lock g(lock_);
    EventTable* t = find(domain);
    if (t == nullptr) return kNoRemote;
    if (static_cast<std::uint64_t>(virq) >= abi::kVirqCount)
      return refuse(E::inval, "unknown virtual IRQ");
    abi::EventPort p = t->virq_port(virq);
    if (p == abi::kInvalidPort) return refuse(E::noent, "virtual IRQ not bound");
    notify = t->set_pending(p);
  }
  if (notify) notify_after_unlock(domain);
  return done();
}

Reply<std::uint64_t> EventRouter::execute(const Request& q) {
  auto port_value = [](const Reply<abi::EventPort>& r) -> Reply<std::uint64_t> {
    if (!r.ok()) return r.refusal;
    return std::uint64_t{r.value};
  };
  auto zero = [](const Outcome& o) -> Reply<std::uint64_t> {
    if (!o.ok()) return o.refusal;
    return std::uint64_t{0};
  };
  switch (q.call) {
    case H::evtchn_alloc_unbound:
      return port_value(alloc_unbound(q.caller, q.alloc_unbound.remote));
    case H::evtchn_bind_interdomain:
      return port_value(
          bind_interdomain(q.caller, q.bind_interdomain.remote, q.bind_interdomain.remote_port));
    case H::evtchn_bind_virq:
      return port_value(bind_virq(q.caller, q.bind_virq.virq));
    case H::evtchn_send:
      return zero(send(q.caller, q.port.port));
    case H::evtchn_close:
      return zero(close(q.caller, q.port.port));
    case H::evtchn_mask:
      return zero(mask(q.caller, q.port.port));
    case H::evtchn_unmask:
      return zero(unmask(q.caller, q.port.port));
    case H::evtchn_set_upcall_vector:
      return zero(set_upcall_vector(q.caller, q.upcall_vector.vector));
    default:
      return refuse(E::nosys, "not an event-channel hypercall");
  }
}

}  // namespace hcall
