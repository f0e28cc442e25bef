// Hostile id sweeps over the event, domain-control, system-control and
// scheduling hypercalls an unprivileged guest can reach (issue 12, Also),
// and an event storm through a loopback channel. One line per sweep naming
// the first id answered otherwise than docs/hypercalls.md:
//  - mask/unmask on every port 0..127 and ports with high bits: EINVAL
//    outside 1..63, 0 (in use) or ENOENT (free) inside, the same for both;
//    send and close on every free port: ENOENT, no pending bit set;
//  - alloc_unbound to every domain id (self and kDomainSelf: exactly a
//    port 1..63, which closes with exactly 0; the peer and the helper the
//    same while they exist, ESRCH after); bind_interdomain to every one of
//    our own ports (EINVAL: none is unbound for us) and to every domain id
//    that names no domain (ESRCH);
//  - bind_virq of every unknown virq, set_upcall_vector of every vector
//    outside 0x20..0xff: EINVAL;
//  - every domctl_* with every domain id, and with every vCPU id of itself
//    and of the ghost, every sysctl_* with every pool id: EPERM;
//  - sched_shutdown with every reason from 3: EINVAL (and the domain lives).
// The storm: 20000 sends on one end of a loopback pair, masked and
// unmasked, each answering 0; the port is pending afterwards and closes.
// Runs last, when the ports this domain holds are not being used and the
// peer and the helper may have ended. Single vCPU.
#include <initializer_list>
#include <span>

#include "check.h"
#include "sweep.h"
#include "tactus/domctl.h"
#include "tactus/event.h"

namespace hostile {
namespace {

std::int64_t err(Errno e) { return abi::to_result(e); }

// 0..127 and 2^k, 2^k + 1 (k = 7..63), all ones: ports, virqs, vCPUs, pools.
struct SmallIds {
  std::uint64_t ids[128 + 2 * 57 + 1];
  std::size_t n = 0;
  SmallIds() {
    for (std::uint64_t i = 0; i < 128; ++i) ids[n++] = i;
    for (unsigned k = 7; k < 64; ++k) ids[n++] = 1ull << k, ids[n++] = (1ull << k) + 1;
    ids[n++] = ~0ull;
  }
  const std::uint64_t* begin() const { return ids; }
  const std::uint64_t* end() const { return ids + n; }
};

bool port_in_range(std::uint64_t p) { return p >= 1 && p < abi::kMaxPorts; }

void port_sweeps(const SmallIds& ids) {
  bool used[abi::kMaxPorts] = {};
  // mask, then unmask: both answer alike; 0 marks a port in use.
  sweep(
      "sweep/evtchn_mask_unmask_every_port", ids,
      [&](std::uint64_t p) {
        std::int64_t m = call(H::evtchn_mask, p), u = call(H::evtchn_unmask, p);
        if (m != u) return m + 1000;
        if (port_in_range(p) && m == 0) used[p] = true;
        return port_in_range(p) && m == 0 ? err(Errno::noent) : m;
      },
      [](std::uint64_t p) { return err(port_in_range(p) ? Errno::noent : Errno::inval); });
  for (H op : {H::evtchn_send, H::evtchn_close})
    sweep(
        op == H::evtchn_send ? "sweep/evtchn_send_every_free_port"
                             : "sweep/evtchn_close_every_free_port",
        ids,
        [&](std::uint64_t p) {
          if (port_in_range(p) && used[p]) return err(Errno::noent);  // not ours to disturb
          std::int64_t r = call(op, p);
          if (port_in_range(p) && port_pending(static_cast<abi::EventPort>(p))) return r + 1000;
          return r;
        },
        [](std::uint64_t p) { return err(port_in_range(p) ? Errno::noent : Errno::inval); });
}

void domain_sweeps(const World& w, const SmallIds& ports) {
  const DomainIds ids;
  auto self = [&](std::uint64_t id) { return id == w.self || id == abi::kDomainSelf; };
  // The peer and the helper may have ended by now: a port or ESRCH.
  auto peer = [&](std::uint64_t id) { return id == w.peer || (w.helper != 0 && id == w.helper); };
  // A port for ourselves (and a live peer); the id rules elsewhere.
  sweep(
      "sweep/evtchn_alloc_unbound_every_domain_id", ids,
      [&](std::uint64_t id) {
        std::int64_t r = call(H::evtchn_alloc_unbound, id);
        if (r < 0) return peer(id) && r == err(Errno::srch) ? std::int64_t{1} : r;
        if (r >= abi::kMaxPorts || call(H::evtchn_close, static_cast<std::uint64_t>(r)) != 0)
          return r + 1000;
        return std::int64_t{1};
      },
      [&](std::uint64_t id) {
        if (id >> 32) return err(Errno::inval);
        return self(id) || peer(id) ? std::int64_t{1} : err(Errno::srch);
      });
  sweep(
      "sweep/evtchn_bind_interdomain_every_domain_id", ids,
      [&](std::uint64_t id) {
        return self(id) || peer(id) ? err(Errno::srch) : call(H::evtchn_bind_interdomain, id, 1);
      },
      [](std::uint64_t id) { return err(id >> 32 ? Errno::inval : Errno::srch); });
  // None of our ports is unbound for ourselves: every port EINVAL.
  sweep(
      "sweep/evtchn_bind_interdomain_every_own_port", ports,
      [&](std::uint64_t p) { return call(H::evtchn_bind_interdomain, abi::kDomainSelf, p); },
      [](std::uint64_t) { return err(Errno::inval); });
}

void value_sweeps(const SmallIds& ids) {
  sweep(
      "sweep/evtchn_bind_virq_every_unknown_virq", ids,
      [](std::uint64_t v) { return v < 2 ? err(Errno::inval) : call(H::evtchn_bind_virq, v); },
      [](std::uint64_t) { return err(Errno::inval); });
  std::uint64_t vectors[0x20 + 0x100 + 55 + 1];
  std::size_t nv = 0;
  for (std::uint64_t v = 0; v < abi::kUpcallVectorMin; ++v) vectors[nv++] = v;
  for (std::uint64_t v = abi::kUpcallVectorMax + 1; v < 0x200; ++v) vectors[nv++] = v;
  for (unsigned k = 9; k < 64; ++k) vectors[nv++] = 1ull << k;
  vectors[nv++] = ~0ull;
  sweep(
      "sweep/evtchn_set_upcall_vector_every_bad_vector", std::span(vectors, nv),
      [](std::uint64_t v) { return call(H::evtchn_set_upcall_vector, v); },
      [](std::uint64_t) { return err(Errno::inval); });
  sweep(
      "sweep/sched_shutdown_every_bad_reason", ids,
      [](std::uint64_t r) { return r < 3 ? err(Errno::inval) : call(H::sched_shutdown, r); },
      [](std::uint64_t) { return err(Errno::inval); });
}

alignas(8) std::uint8_t g_buffer[256];

void privileged_sweeps(const World& w, const SmallIds& small) {
  const DomainIds ids;
  const std::uint64_t buf = reinterpret_cast<std::uint64_t>(g_buffer);
  for (H op : {H::domctl_destroy, H::domctl_pause, H::domctl_unpause, H::domctl_get_info})
    sweep(
        name("sweep/eperm_{:#x}_every_domain_id", static_cast<std::uint64_t>(op)).view(), ids,
        [&](std::uint64_t id) { return call(op, id, buf); },
        [](std::uint64_t) { return err(Errno::perm); });
  for (H op : {H::domctl_get_vcpu_sched, H::domctl_set_vcpu_sched, H::domctl_set_affinity})
    sweep(
        name("sweep/eperm_{:#x}_every_vcpu_of_self_and_ghost", static_cast<std::uint64_t>(op))
            .view(),
        small,
        [&](std::uint64_t v) {
          std::int64_t a = call(op, w.self, v, buf), b = call(op, w.ghost, v, buf);
          return a == b ? a : a + 1000;
        },
        [](std::uint64_t) { return err(Errno::perm); });
  for (H op : {H::sysctl_cpupool_destroy, H::sysctl_cpupool_cpu_add, H::sysctl_cpupool_cpu_remove,
               H::sysctl_cpupool_migrate, H::sysctl_cpupool_info, H::sysctl_cpupool_rename})
    sweep(
        name("sweep/eperm_{:#x}_every_pool_id", static_cast<std::uint64_t>(op)).view(), small,
        [&](std::uint64_t pool) {
          return call(op, pool, op == H::sysctl_cpupool_migrate ? w.self : 0);
        },
        [](std::uint64_t) { return err(Errno::perm); });
}

void loopback_storm() {
  std::int64_t a = call(H::evtchn_alloc_unbound, abi::kDomainSelf);
  std::int64_t b =
      a > 0 ? call(H::evtchn_bind_interdomain, abi::kDomainSelf, static_cast<std::uint64_t>(a)) : a;
  if (!expect_range("storm/loopback_pair", b, 1, abi::kMaxPorts - 1)) return;
  auto pa = static_cast<std::uint64_t>(a), pb = static_cast<std::uint64_t>(b);
  std::int64_t bad = 0;
  for (int i = 0; i < 20000 && bad == 0; ++i) {
    if (i == 10000) (void)call(H::evtchn_mask, pa);
    std::int64_t r = call(H::evtchn_send, i % 2 ? pa : pb);
    if (r != 0) bad = r;
    if (i % 64 == 0) acknowledge_all();
  }
  expect("storm/20000_sends_answer_0", bad, 0);
  (void)call(H::evtchn_unmask, pa);
  expect_state("storm/port_pending_afterwards", port_pending(static_cast<abi::EventPort>(pa)),
               "clear", "pending");
  acknowledge_all();
  expect("storm/close_a", call(H::evtchn_close, pa), 0);
  expect("storm/close_b", call(H::evtchn_close, pb), 0);
}

}  // namespace

void event_sweeps(const World& w) {
  const SmallIds small;
  port_sweeps(small);
  domain_sweeps(w, small);
  value_sweeps(small);
  privileged_sweeps(w, small);
  loopback_storm();
}

}  // namespace hostile
