// Hostile cases on domain ids and event channels: ids with upper bits set
// (EINVAL), ids above the maximum or naming no domain (ESRCH), ports out of
// range (EINVAL) or never allocated (ENOENT), binds to ports that are not
// waiting for this domain, a second bind of the same virq (EEXIST), upcall
// vectors outside 0x20..0xff. After each refusal the port state is checked
// (pending and mask bits, the next port handed out, the bound port still
// working). Single vCPU, no locking.
#include "check.h"
#include "guest/runtime.h"
#include "tactus/event.h"

namespace hostile {
namespace {

constexpr std::int64_t kLastPort = abi::kMaxPorts - 1;

std::int64_t alloc_unbound(std::uint64_t remote) { return call(H::evtchn_alloc_unbound, remote); }

// A refusal must not have consumed a port: the lowest free port (1, as this
// domain holds none between groups) comes back, and is closed again.
void expect_no_port_leaked(std::string_view what, const World& w) {
  auto p = alloc_unbound(w.peer);
  expect(what, p, 1);
  if (p > 0) (void)call(H::evtchn_close, p);
}

}  // namespace

void domain_ids(const World& w) {
  const std::uint64_t ids_inval[] = {(1ull << 32) | w.self, (1ull << 32) | w.peer,
                                     (1ull << 63) | abi::kDomainSelf, ~0ull};
  for (std::uint64_t id : ids_inval) {
    expect(name("domid/alloc_unbound/{:#x}", id).view(), alloc_unbound(id), Errno::inval);
    expect(name("domid/grant_map/{:#x}", id).view(), call(H::grant_map, id, 0, 0), Errno::inval);
  }
  const std::uint64_t ids_srch[] = {w.ghost, abi::kMaxDomainId, abi::kDomainSelf + 1,
                                    abi::kDomainInvalid, 0xffff'ffff};
  for (std::uint64_t id : ids_srch) {
    expect(name("domid/alloc_unbound/{:#x}", id).view(), alloc_unbound(id), Errno::srch);
    expect(name("domid/bind_interdomain/{:#x}", id).view(), call(H::evtchn_bind_interdomain, id, 1),
           Errno::srch);
    expect(name("domid/grant_access/{:#x}", id).view(), call(H::grant_access, id, 0x100, 0),
           Errno::srch);
    expect(name("domid/grant_map/{:#x}", id).view(), call(H::grant_map, id, 0, 0), Errno::srch);
  }
  expect_no_port_leaked("domid/no_port_leaked", w);
}

void event_misuse(const World& w) {
  // Ports out of range: decode errors.
  const std::uint64_t bad_ports[] = {0, abi::kMaxPorts, 0x1'0000'0001, ~0ull};
  const H port_calls[] = {H::evtchn_send, H::evtchn_close, H::evtchn_mask, H::evtchn_unmask};
  const char* port_call_names[] = {"send", "close", "mask", "unmask"};
  for (std::uint64_t p : bad_ports)
    for (int c = 0; c < 4; ++c)
      expect(name("event/{}/port_{:#x}", port_call_names[c], p).view(), call(port_calls[c], p),
             Errno::inval);
  // Ports in range never allocated: ENOENT, and their bits stay clear.
  for (std::uint64_t p : {std::uint64_t{1}, std::uint64_t{kLastPort}})
    for (int c = 0; c < 4; ++c)
      expect(name("event/{}/free_port_{}", port_call_names[c], p).view(), call(port_calls[c], p),
             Errno::noent);
  expect_state(
      "event/free_port_bits_unchanged",
      !port_masked(1) && !port_pending(1) && !port_masked(kLastPort) && !port_pending(kLastPort),
      "mask or pending bit set", "bits clear");

  // Unknown virqs; a second bind of the timer virq; sending on a virq port.
  expect("event/bind_virq_unknown", call(H::evtchn_bind_virq, abi::kVirqCount), Errno::inval);
  expect("event/bind_virq_huge", call(H::evtchn_bind_virq, ~0ull), Errno::inval);
  auto timer = call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::timer));
  expect("event/bind_virq_timer", timer, 1);
  expect("event/bind_virq_timer_again",
         call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::timer)), Errno::exist);
  expect("event/send_on_virq_port", call(H::evtchn_send, timer), Errno::inval);
  expect_state("event/virq_port_not_pending", !port_pending(timer), "pending", "not pending");
  // The refused second bind took no port: the console virq gets port 2.
  auto console = call(H::evtchn_bind_virq, static_cast<std::uint64_t>(abi::Virq::console));
  expect("event/bind_virq_console_next_port", console, 2);
  if (console > 0) expect("event/close_console_virq", call(H::evtchn_close, console), 0);
  expect("event/close_console_virq_again", call(H::evtchn_close, console), Errno::noent);
  // The timer virq stays bound (a past deadline must mark it: see timer/).

  // Upcall vectors outside 0x20..0xff.
  for (std::uint64_t v : {std::uint64_t{0}, std::uint64_t{2}, std::uint64_t{0x1f},
                          std::uint64_t{0x100}, ~std::uint64_t{0}})
    expect(name("event/upcall_vector_{:#x}", v).view(), call(H::evtchn_set_upcall_vector, v),
           Errno::inval);

  // Binds to ports that are not waiting for this domain.
  for (std::uint64_t p = 1; p <= 3; ++p)
    expect(name("event/bind_peer_port_{}", p).view(), call(H::evtchn_bind_interdomain, w.peer, p),
           Errno::inval);
  expect("event/bind_port_0", call(H::evtchn_bind_interdomain, abi::kDomainSelf, 0), Errno::inval);
  expect("event/bind_port_64", call(H::evtchn_bind_interdomain, abi::kDomainSelf, 64),
         Errno::inval);
  expect("event/bind_own_virq_port", call(H::evtchn_bind_interdomain, abi::kDomainSelf, timer),
         Errno::inval);
  auto for_peer = alloc_unbound(w.peer);
  expect("event/alloc_unbound_for_peer", for_peer, 2);
  expect("event/bind_port_unbound_for_peer",
         call(H::evtchn_bind_interdomain, abi::kDomainSelf, for_peer), Errno::inval);
  expect("event/send_on_unbound_port", call(H::evtchn_send, for_peer), 0);
  expect_state("event/unbound_port_not_pending", !port_pending(for_peer), "pending", "not pending");

  // A loopback pair (self to self): a second bind of the same port fails.
  auto a = alloc_unbound(abi::kDomainSelf);
  expect("event/loopback_alloc", a, 3);
  auto b = call(H::evtchn_bind_interdomain, abi::kDomainSelf, a);
  expect("event/loopback_bind", b, 4);
  expect("event/loopback_bind_again", call(H::evtchn_bind_interdomain, abi::kDomainSelf, a),
         Errno::inval);
  expect("event/port_unbound_for_peer_kept", call(H::evtchn_close, for_peer), 0);
  // Masked delivery: pending without an upcall; unmask delivers.
  acknowledge_all();
  expect("event/mask", call(H::evtchn_mask, a), 0);
  expect_state("event/mask_bit_set", port_masked(a), "clear", "set");
  expect("event/send_to_masked", call(H::evtchn_send, b), 0);
  expect_state("event/masked_pending_no_upcall",
               port_pending(a) && guest::shared_info().vcpu[0].upcall_pending == 0,
               "no pending bit or an upcall", "pending bit, no upcall");
  expect("event/unmask", call(H::evtchn_unmask, a), 0);
  expect_state("event/unmask_delivers", guest::shared_info().vcpu[0].upcall_pending != 0,
               "no upcall", "upcall_pending");
  // Closing one end: the other end becomes unbound, sending on it is a no-op.
  expect("event/loopback_close", call(H::evtchn_close, a), 0);
  expect_state("event/closed_port_not_pending", !port_pending(a), "pending", "cleared");
  acknowledge_all();
  expect("event/send_after_peer_closed", call(H::evtchn_send, b), 0);
  expect_state("event/nothing_delivered", !port_pending(a) && !port_pending(b), "a port pending",
               "nothing pending");
  expect("event/close_survivor", call(H::evtchn_close, b), 0);
  expect("event/close_survivor_again", call(H::evtchn_close, b), Errno::noent);
  expect("event/mask_closed", call(H::evtchn_mask, b), Errno::noent);
  expect_state("event/closed_port_not_masked", !port_masked(b), "masked", "clear");
}

}  // namespace hostile
