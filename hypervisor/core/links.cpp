// Event and grant routing between domains (see hv/links.h).
#include "hv/links.h"

#include <atomic>

#include "arch/vmcs.h"
#include "hv/percpu.h"
#include "hv/schedule.h"

namespace hv::links {
namespace {

namespace abi = tactus::abi;

// A notified domain: its vCPU 0 wakes (block returns) and, when the guest
// registered an upcall vector, the upcall is injected at its next entry.
class Upcalls final : public hcall::UpcallSink {
 public:
  void upcall(abi::DomainId id) override {
    // Called after the event lock is dropped: the domain may be reaped
    // meanwhile, so it is held by a reference.
    domains::Ref d = domains::get(id);
    if (!d || d->vcpu_count == 0) return;
    d->shared_info().vcpu[0].upcall_pending = 1;
    d->vcpus[0].upcall_due.store(true);
    schedule::wake(d->vcpus[0], kPendingEvent);
  }
};

class GrantMaps final : public hcall::GrantSink {
 public:
  // Both run with the grant lock held (hcall/grant_router.h), while both
  // domains are attached and so not yet reaped; the references make that
  // independent of the router's internals.
  hcall::Outcome install(abi::DomainId mapper, const hcall::GrantMapping& m) override {
    domains::Ref to = domains::get(mapper);
    domains::Ref from = domains::get(m.granter);
    if (!to || !from) return hcall::refuse(abi::Errno::srch, "domain gone");
    auto frame = from->ept.translate(m.granter_gfn << 12);
    if (!frame.ok()) return hcall::refuse(abi::Errno::fault, "granted page not mapped");
    std::uint64_t hpa = frame->host_physical & ~std::uint64_t{0xfff};
    auto st = to->ept.map(m.gfn << 12, hpa, ept::kPage4K,
                          m.readonly ? ept::read : ept::read | ept::write);
    if (!st.ok()) return hcall::refusal_from(st.error());
    return hcall::done();
  }
  void unmapped(abi::DomainId mapper, std::uint64_t gfn) override {
    if (domains::Ref to = domains::get(mapper)) (void)to->ept.unmap(gfn << 12, ept::kPage4K);
    ept_changed();
  }
};

Upcalls g_upcalls;
GrantMaps g_grant_maps;
hcall::EventRouter g_events(g_upcalls);
hcall::GrantRouter g_grants(g_grant_maps);
std::atomic<std::uint64_t> g_ept_generation{1};
std::atomic<std::uint64_t> g_cpu_generation[kMaxCpus];
std::atomic<bool> g_in_guest[kMaxCpus];

}  // namespace

hcall::EventRouter& events() { return g_events; }
hcall::GrantRouter& grants() { return g_grants; }

support::Status attach(Domain& d) {
  if (!g_events.attach(d.id, *d.events).ok())
    return support::make_error(support::Errc::no_space, "no event-channel slot for this domain id");
  for (auto& e : d.grants.entries) e = {};
  for (auto& s : d.maps.slots) s = {};
  if (!g_grants.attach(d.id, d.grants, d.maps).ok()) {
    g_events.teardown(d.id);
    return support::make_error(support::Errc::no_space, "no grant-table slot for this domain id");
  }
  return support::Status::success();
}

std::uint64_t detach(Domain& d) {
  g_grants.teardown(d.id);
  g_events.teardown(d.id);
  return ept_changed();
}

void raise_timer_virq(Domain& d) { (void)g_events.raise_virq(d.id, abi::Virq::timer); }

void raise_console_virq(Domain& d) {
  (void)g_events.raise_virq(d.id, abi::Virq::console);
  if (d.vcpu_count != 0) schedule::wake(d.vcpus[0], kPendingEvent);
}

std::uint64_t ept_changed() {
  std::uint64_t gen = g_ept_generation.fetch_add(1) + 1;
  for (std::uint32_t c = 0; c < cpu_count(); ++c)
    if (c != this_cpu().index) schedule::kick(c);
  return gen;
}

void sync_ept_on_this_cpu() {
  std::uint32_t c = this_cpu().index;
  g_in_guest[c].store(true);  // before reading the generation: a waiter sees one or the other
  std::uint64_t now = g_ept_generation.load();
  if (g_cpu_generation[c].load() == now) return;
  arch::vmx::invept_all();
  g_cpu_generation[c].store(now);
}

void left_guest_on_this_cpu() { g_in_guest[this_cpu().index].store(false); }

bool ept_flushed_everywhere(std::uint64_t gen) {
  for (std::uint32_t c = 0; c < cpu_count(); ++c)
    if (g_in_guest[c].load() && g_cpu_generation[c].load() < gen) return false;
  return true;
}

}  // namespace hv::links
