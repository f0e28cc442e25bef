// Hostile cases on full tables: every event port allocated (ENOSPC for one
// more, a virq bind included) and every grant ref in use (ENOSPC); the
// refusals must leave the tables exactly full, and everything closes and
// revokes once afterwards. One summary line per step, not per entry.
// Single vCPU, no locking.
#include "check.h"
#include "tactus/event.h"
#include "tactus/grant.h"

namespace hostile {
namespace {

alignas(4096) std::uint8_t g_granted[4096];

}  // namespace

void table_limits(const World& w) {
  // Ports 1..62 unbound for the peer, 63 unbound for this domain itself
  // (handed out in order: this domain holds none here).
  std::int64_t bad = 0;
  abi::EventPort expected = 1;
  for (; expected < abi::kMaxPorts; ++expected) {
    std::uint64_t remote = expected == abi::kMaxPorts - 1 ? abi::kDomainSelf : w.peer;
    auto p = call(H::evtchn_alloc_unbound, remote);
    if (p != expected) {
      bad = p;
      break;
    }
  }
  expect("limits/all_63_ports_allocated", expected == abi::kMaxPorts ? 0 : bad, 0);
  constexpr abi::EventPort kForSelf = abi::kMaxPorts - 1;
  expect("limits/port_table_full_alloc", call(H::evtchn_alloc_unbound, w.peer), Errno::nospc);
  expect("limits/port_table_full_bind_virq",
         call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::timer)), Errno::nospc);
  expect("limits/port_table_full_loopback_bind",
         call(H::evtchn_bind_interdomain, abi::kDomainSelf, kForSelf), Errno::nospc);
  // The refusals left nothing behind: once a port is free the timer virq
  // binds there (not EEXIST), and port 63 still waits for this domain.
  expect("limits/close_port_17", call(H::evtchn_close, 17), 0);
  expect("limits/virq_binds_after_refusal",
         call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::timer)), 17);
  expect("limits/close_port_18", call(H::evtchn_close, 18), 0);
  expect("limits/loopback_binds_after_refusal",
         call(H::evtchn_bind_interdomain, abi::kDomainSelf, kForSelf), 18);
  std::int64_t closed_bad = 0;
  for (abi::EventPort p = 1; p < abi::kMaxPorts; ++p)
    if (auto r = call(H::evtchn_close, p); r != 0 && closed_bad == 0) closed_bad = r;
  expect("limits/all_ports_closed", closed_bad, 0);
  expect("limits/first_port_free_again", call(H::evtchn_close, 1), Errno::noent);

  // Refs 0..63 (the same page may be granted more than once).
  const std::uint64_t gfn = reinterpret_cast<std::uint64_t>(g_granted) >> abi::kPageShift;
  std::int64_t grant_bad = 0;
  abi::GrantRef ref = 0;
  for (; ref < abi::kMaxGrants; ++ref) {
    auto r = call(H::grant_access, w.peer, gfn, abi::kGrantReadOnly);
    if (r != ref) {
      grant_bad = r == 0 ? -4095 : r;
      break;
    }
  }
  expect("limits/all_64_grants_made", ref == abi::kMaxGrants ? 0 : grant_bad, 0);
  expect("limits/grant_table_full", call(H::grant_access, w.peer, gfn, 0), Errno::nospc);
  std::int64_t revoke_bad = 0;
  for (abi::GrantRef r = 0; r < abi::kMaxGrants; ++r)
    if (auto x = call(H::grant_revoke, r); x != 0 && revoke_bad == 0) revoke_bad = x;
  expect("limits/all_grants_revoked", revoke_bad, 0);
  expect("limits/grant_table_empty_again", call(H::grant_revoke, 0), Errno::noent);
}

}  // namespace hostile
