// fuzz_hcall: the input is a program of steps over three domains (0 is
// privileged). Steps: a hypercall from random registers (decoded, then run
// through the event or grant router), a write of random bytes into a
// domain's memory, a virq, a guest acknowledging its events, and a domain
// torn down and replaced by a new one with the same id. After every step the
// cross-domain invariants are checked; a broken one aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>

#include "hcall/decode.h"
#include "hcall/event_router.h"
#include "hcall/grant_router.h"
#include "hcall/guest_memory.h"

namespace {

namespace abi = tactus::abi;
using namespace hcall;

constexpr std::uint32_t kDomains = 3;
constexpr std::uint64_t kPages = 8;

// FUZZ_HCALL_TRACE=1 prints every hypercall and its outcome (for checking
// what a corpus file exercises).
bool tracing() {
  static const bool on = std::getenv("FUZZ_HCALL_TRACE") != nullptr;
  return on;
}

void trace(abi::DomainId who, std::uint64_t number, const char* stage, std::int64_t result,
           const char* reason) {
  if (tracing())
    std::fprintf(stderr, "d%u call %#llx %s -> %lld %s\n", who,
                 static_cast<unsigned long long>(number), stage, static_cast<long long>(result),
                 reason);
}

void check(bool ok) {
  if (!ok) std::abort();
}

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{byte()} << (8 * i);
    return v;
  }
  // Argument values biased towards the interesting ones.
  std::uint64_t arg() {
    switch (byte() % 8) {
      case 0:
      case 1:
        return byte() % 4;  // small: domain ids, ports, flags
      case 2:
        return byte();
      case 3:
        return abi::kDomainSelf + byte() % 8 - 2;
      case 4:
        return (std::uint64_t{byte()} << 8 | byte()) % (kPages * 4096 + 64);  // a gpa
      case 5:
        return abi::kGrantMapWindowGfn + byte() % (abi::kGrantMapSlots + 2);
      case 6:
        return byte() % kPages;  // a gfn
      default:
        return u64();
    }
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

class Memory final : public PagedGuestMemory {
 public:
  std::uint8_t ram[kPages * 4096] = {};
  mutable int copies_in = 0;
  int copies_out = 0;

  Outcome copy_in(std::uint64_t gpa, std::span<std::uint8_t> out) const override {
    ++copies_in;
    return PagedGuestMemory::copy_in(gpa, out);
  }
  Outcome copy_out(std::uint64_t gpa, std::span<const std::uint8_t> in) override {
    ++copies_out;
    return PagedGuestMemory::copy_out(gpa, in);
  }

 private:
  std::uint8_t* page(std::uint64_t gfn) const override {
    return gfn < kPages ? const_cast<std::uint8_t*>(ram) + gfn * 4096 : nullptr;
  }
};

struct Domain {
  Memory memory;
  abi::SharedInfo shared{};
  EventTable* events = nullptr;
  GrantTable grants;
  MapTable maps;
  alignas(EventTable) unsigned char event_storage[sizeof(EventTable)];
};

struct Upcalls final : UpcallSink {
  EventRouter* router = nullptr;
  void upcall(abi::DomainId d) override { check(d < kDomains && router->table(d) != nullptr); }
};

// A model of the grantees' EPTs: which window slots have a page installed.
// Installs fail now and then (as when the hypervisor runs out of frames).
struct Unmaps final : GrantSink {
  GrantRouter* router = nullptr;
  bool installed[kDomains][abi::kGrantMapSlots] = {};
  bool fail_next = false;
  Outcome install(abi::DomainId mapper, const GrantMapping& m) override {
    check(mapper < kDomains && abi::in_grant_map_window(m.gfn) && m.granter_gfn < kPages);
    const MapTable* maps = router->maps(mapper);
    check(maps != nullptr && maps->slots[MapTable::slot_of(m.gfn)].in_use);
    bool& slot = installed[mapper][MapTable::slot_of(m.gfn)];
    check(!slot);
    if (fail_next) {
      fail_next = false;
      return refuse(abi::Errno::nomem, "no page-table frame");
    }
    slot = true;
    return done();
  }
  void unmapped(abi::DomainId mapper, std::uint64_t gfn) override {
    check(mapper < kDomains && abi::in_grant_map_window(gfn));
    const MapTable* m = router->maps(mapper);
    check(m != nullptr && m->slots[MapTable::slot_of(gfn)].in_use);
    bool& slot = installed[mapper][MapTable::slot_of(gfn)];
    check(slot);
    slot = false;
  }
};

struct World {
  Upcalls upcalls;
  Unmaps unmaps;
  EventRouter events{upcalls};
  GrantRouter grants{unmaps};
  Domain domains[kDomains];

  World() {
    upcalls.router = &events;
    unmaps.router = &grants;
    for (abi::DomainId d = 0; d < kDomains; ++d) attach(d);
  }
  ~World() {
    for (auto& d : domains) d.events->~EventTable();
  }
  void attach(abi::DomainId id) {
    Domain& d = domains[id];
    d.shared = abi::SharedInfo{};
    d.events = new (d.event_storage) EventTable(d.shared);
    check(events.attach(id, *d.events).ok());
    check(grants.attach(id, d.grants, d.maps).ok());
  }
  void replace(abi::DomainId id) {
    events.teardown(id);
    grants.teardown(id);
    check(!events.attached(id) && !grants.attached(id));
    domains[id].events->~EventTable();
    attach(id);
  }
};

void check_refusal(const Refusal& r) {
  auto e = abi::to_result(r.error);
  check(e < 0 && e >= -4095 && r.reason != nullptr && r.reason[0] != '\0');
}

void check_request(const Request& q, const Caller& caller) {
  auto n = static_cast<std::uint64_t>(q.call);
  check(is_known(n));
  check(!is_privileged(q.call) || caller.privileged);
  check(q.caller == caller.domain);
  switch (q.call) {
    case abi::Hypercall::evtchn_send:
    case abi::Hypercall::evtchn_close:
    case abi::Hypercall::evtchn_mask:
    case abi::Hypercall::evtchn_unmask:
      check(EventTable::valid(q.port.port));
      break;
    case abi::Hypercall::evtchn_bind_interdomain:
      check(EventTable::valid(q.bind_interdomain.remote_port));
      check(q.bind_interdomain.remote <= abi::kMaxDomainId);
      break;
    case abi::Hypercall::grant_access:
      check(q.grant_access.gfn < kPages && q.grant_access.grantee != caller.domain);
      break;
    case abi::Hypercall::grant_map:
      check(q.grant_map.ref < abi::kMaxGrants && q.grant_map.granter != caller.domain);
      break;
    case abi::Hypercall::grant_unmap:
      check(abi::in_grant_map_window(q.grant_unmap.gfn));
      break;
    case abi::Hypercall::console_write:
      check(q.console_write.len <= abi::kConsoleWriteMax);
      break;
    case abi::Hypercall::domctl_set_vcpu_sched: {
      const auto& p = q.vcpu_sched_set.params;
      check(p.budget_ns > 0 && p.budget_ns <= p.period_ns && p.period_ns <= abi::kSchedPeriodMaxNs);
      break;
    }
    default:
      break;
  }
}

void check_events(World& w) {
  for (abi::DomainId d = 0; d < kDomains; ++d) {
    const EventTable* t = w.events.table(d);
    check(t != nullptr);
    for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p) {
      const Port& port = t->port(p);
      switch (port.state) {
        case PortState::free:
          check(!t->pending(p));
          break;
        case PortState::unbound:
          check(port.remote == abi::kDomainInvalid || w.events.table(port.remote) != nullptr);
          break;
        case PortState::interdomain: {
          const EventTable* peer = w.events.table(port.remote);
          check(peer != nullptr && EventTable::valid(port.remote_port));
          const Port& other = peer->port(port.remote_port);
          check(other.state == PortState::interdomain && other.remote == d &&
                other.remote_port == p);
          break;
        }
        case PortState::virq:
          check(t->virq_port(port.virq) == p);
          break;
      }
    }
    for (std::uint64_t v = 0; v < abi::kVirqCount; ++v) {
      abi::EventPort p = t->virq_port(static_cast<abi::Virq>(v));
      if (p != abi::kInvalidPort)
        check(t->port(p).state == PortState::virq && t->port(p).virq == static_cast<abi::Virq>(v));
    }
  }
}

void check_grants(World& w) {
  std::uint32_t mapped[kDomains][abi::kMaxGrants] = {};
  for (abi::DomainId m = 0; m < kDomains; ++m) {
    const MapTable* maps = w.grants.maps(m);
    check(maps != nullptr);
    for (const MapSlot& s : maps->slots) {
      if (!s.in_use) continue;
      check(s.granter < kDomains && s.granter != m && s.ref < abi::kMaxGrants);
      const GrantEntry& e = w.grants.grants(s.granter)->entries[s.ref];
      check(e.in_use && e.grantee == m && (s.readonly || !e.readonly));
      ++mapped[s.granter][s.ref];
    }
  }
  for (abi::DomainId g = 0; g < kDomains; ++g) {
    const GrantTable* grants = w.grants.grants(g);
    check(grants != nullptr);
    for (abi::GrantRef ref = 0; ref < abi::kMaxGrants; ++ref) {
      const GrantEntry& e = grants->entries[ref];
      check(e.map_count == mapped[g][ref]);
      if (e.in_use) check(e.grantee < kDomains && e.grantee != g && e.gfn < kPages);
    }
  }
  // Every mapping the router knows of is in the EPT model, and nothing else.
  for (abi::DomainId m = 0; m < kDomains; ++m)
    for (std::uint32_t s = 0; s < abi::kGrantMapSlots; ++s)
      check(w.grants.maps(m)->slots[s].in_use == w.unmaps.installed[m][s]);
}

void hypercall(World& w, Input& in, Scratch& scratch) {
  abi::DomainId who = in.byte() % kDomains;
  Domain& d = w.domains[who];
  Registers regs;
  std::uint8_t sel = in.byte();
  regs.number = sel < 0xe0 ? sel % 0x60 : in.u64();
  for (auto& a : regs.arg) a = in.arg();
  Caller caller{who, who == 0, 4};
  d.memory.copies_in = 0;
  d.memory.copies_out = 0;
  auto q = decode(regs, caller, d.memory, scratch);
  check(d.memory.copies_in <= 2 && d.memory.copies_out == 0);  // never read twice, never written
  trace(who, regs.number, "decode", abi::to_result(q.error()), q.reason());
  if (!q.ok()) {
    check_refusal(q.refusal);
    if (q.error() == abi::Errno::perm) check(d.memory.copies_in == 0 && !caller.privileged);
    if (q.error() == abi::Errno::nosys) check(!is_known(regs.number));
    return;
  }
  check_request(q.value, caller);
  auto group = abi::hypercall_group(regs.number);
  if (group == 0x20) {
    auto r = w.events.execute(q.value);
    trace(who, regs.number, "event", r.ok() ? std::int64_t(r.value) : abi::to_result(r.error()),
          r.reason());
    if (!r.ok())
      check_refusal(r.refusal);
    else if (q.value.call == abi::Hypercall::evtchn_alloc_unbound ||
             q.value.call == abi::Hypercall::evtchn_bind_interdomain ||
             q.value.call == abi::Hypercall::evtchn_bind_virq)
      check(EventTable::valid(static_cast<abi::EventPort>(r.value)));
  } else if (group == 0x30) {
    w.unmaps.fail_next = in.byte() % 8 == 0;
    auto r = w.grants.execute(q.value);
    trace(who, regs.number, "grant", r.ok() ? std::int64_t(r.value) : abi::to_result(r.error()),
          r.reason());
    if (!r.ok()) check_refusal(r.refusal);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  auto world = std::make_unique<World>();  // ~110 KiB: not on the stack
  World& w = *world;
  Scratch scratch{};
  int steps = 0;
  while (!in.empty() && steps++ < 512) {
    switch (in.byte() % 8) {
      case 0:
      case 1:
      case 2:
      case 3:
        hypercall(w, in, scratch);
        break;
      case 4: {  // the guest writes its memory
        Domain& d = w.domains[in.byte() % kDomains];
        std::uint64_t at = (std::uint64_t{in.byte()} << 8 | in.byte()) % sizeof d.memory.ram;
        std::uint8_t len = in.byte() % 48;
        for (std::uint8_t i = 0; i < len && at + i < sizeof d.memory.ram; ++i)
          d.memory.ram[at + i] = in.byte();
        break;
      }
      case 5: {  // a virq fires
        abi::DomainId id = in.byte() % kDomains;
        auto r = w.events.raise_virq(id, static_cast<abi::Virq>(in.byte() % abi::kVirqCount));
        if (!r.ok()) check(r.error() == abi::Errno::noent);
        break;
      }
      case 6: {  // the guest handles its events
        Domain& d = w.domains[in.byte() % kDomains];
        d.shared.vcpu[0].upcall_pending = 0;
        d.shared.vcpu[0].pending_sel = 0;
        // Guests clear only bits of ports they handled; free ports stay clear.
        d.shared.evtchn_pending[0] &= in.u64();
        // ... and may mask or unmask any port directly.
        if (in.byte() % 2 == 0) d.shared.evtchn_mask[0] = in.u64();
        break;
      }
      default:
        if (in.byte() % 4 == 0) w.replace(in.byte() % kDomains);
        break;
    }
    check_events(w);
    check_grants(w);
  }
  return 0;
}
