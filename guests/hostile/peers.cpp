// Hostile cases that need a second domain acting on purpose (the helper
// instance, helper.h): mapping a grant made to another domain (EPERM),
// mapping a read-only grant writable (EPERM), binding a port unbound for
// another domain or already bound (EINVAL); then the legal path, checked
// end to end: map the read-only grant (first window slot, the granter's
// bytes visible), map it twice, the granter's revoke refused while mapped
// (the helper checks EBUSY), unmap twice (ENOENT), and once the helper has
// ended its id names no domain (ESRCH). Between the rounds and the end,
// an event storm each way (storm.h). Single vCPU, no locking.
#include "guest/runtime.h"
#include "helper.h"
#include "storm.h"
#include "tactus/grant.h"

namespace hostile {
namespace {

using namespace helper;

constexpr std::uint64_t kPollNs = 2'000'000'000;

// Polls `attempt` (yielding between tries) until it returns `until`, or
// kPollNs pass; returns the last answer.
template <typename F>
std::int64_t poll(F attempt, bool (*until)(std::int64_t)) {
  const std::uint64_t end = guest::now_ns() + kPollNs;
  std::int64_t r = attempt();
  while (!until(r) && guest::now_ns() < end) {
    (void)call(H::sched_yield);
    r = attempt();
  }
  return r;
}

}  // namespace

void helper_grants(const World& w) {
  const std::uint32_t h = w.helper;
  // The helper allocates kPortForPartner last: binding it means it is ready.
  auto channel = poll([&] { return call(H::evtchn_bind_interdomain, h, kPortForPartner); },
                      [](std::int64_t r) { return r >= 0; });
  if (!expect("helper/bind_channel", channel, 1)) return;

  expect("grant/map_ref_granted_to_another_domain", call(H::grant_map, h, kRefToThird, 0),
         Errno::perm);
  expect("grant/map_ref_granted_to_another_domain_ro",
         call(H::grant_map, h, kRefToThird, abi::kGrantMapReadOnly), Errno::perm);
  expect("grant/map_readonly_grant_writable", call(H::grant_map, h, kRefReadOnly, 0), Errno::perm);
  expect("grant/map_helper_unused_ref", call(H::grant_map, h, kRefUnused, abi::kGrantMapReadOnly),
         Errno::noent);
  expect("event/bind_port_unbound_for_another_domain",
         call(H::evtchn_bind_interdomain, h, kPortForThird), Errno::inval);
  expect("event/bind_port_already_bound", call(H::evtchn_bind_interdomain, h, kPortForPartner),
         Errno::inval);

  // The legal path: the refusals above mapped nothing, so slot 0 is free.
  auto gfn = call(H::grant_map, h, kRefReadOnly, abi::kGrantMapReadOnly);
  if (expect("grant/map_readonly_first_slot", gfn, abi::kGrantMapWindowGfn)) {
    auto word = *reinterpret_cast<volatile std::uint64_t*>(gfn << abi::kPageShift);
    expect_state("grant/mapped_page_shows_granters_bytes", word == kMagic,
                 name("{:#x}", word).view(), name("{:#x}", kMagic).view());
    // The same ref fills the rest of the window, slot by slot; one more
    // map finds the window full.
    std::int64_t slot_bad = 0;
    for (std::uint64_t slot = 1; slot < abi::kGrantMapSlots; ++slot)
      if (auto g = call(H::grant_map, h, kRefReadOnly, abi::kGrantMapReadOnly);
          g != static_cast<std::int64_t>(gfn + slot) && slot_bad == 0)
        slot_bad = g == 0 ? -4095 : g;
    expect("grant/map_same_ref_in_every_slot", slot_bad, 0);
    expect("grant/map_window_full", call(H::grant_map, h, kRefReadOnly, abi::kGrantMapReadOnly),
           Errno::nospc);
    std::int64_t unmap_bad = 0;
    for (std::uint64_t slot = 1; slot < abi::kGrantMapSlots; ++slot)
      if (auto u = call(H::grant_unmap, gfn + slot); u != 0 && unmap_bad == 0) unmap_bad = u;
    expect("grant/unmap_other_slots", unmap_bad, 0);
    expect("grant/other_slots_empty", call(H::grant_unmap, gfn + 1), Errno::noent);
  }
  expect("helper/round1_send", call(H::evtchn_send, channel), 0);
  expect_state("helper/round1_answer", wait_port(static_cast<abi::EventPort>(channel), kPollNs),
               "no answer in 2 s", "an answer");
  if (gfn > 0) {
    expect("grant/unmap", call(H::grant_unmap, gfn), 0);
    expect("grant/unmap_twice", call(H::grant_unmap, gfn), Errno::noent);
  }
  expect("helper/round2_send", call(H::evtchn_send, channel), 0);

  // Event storms between the two domains (storm.h): ours right after the
  // round-two event, then the helper's back.
  auto port = static_cast<abi::EventPort>(channel);
  std::uint32_t sent = storm::send(port);
  guest::print("hostile: storm to helper {}: {} sends, {} answered 0\n", h, storm::kStormSends,
               sent);
  expect("storm/to_helper_sends_answer_0", storm::kStormSends - sent, 0);
  std::uint32_t seen = storm::count(port, kPollNs);
  guest::print("hostile: storm from helper {}: {} deliveries\n", h, seen);
  expect_state("storm/from_helper_delivered", seen >= 1 && seen <= storm::kStormSends,
               name("{} deliveries", seen).view(), "1 to 10000");

  // The helper ends: its id then names no domain, and our end of the
  // channel is left unbound (sending on it is a no-op).
  auto gone = poll([&] { return call(H::grant_map, h, kRefUnused, abi::kGrantMapReadOnly); },
                   [](std::int64_t r) { return r == abi::to_result(Errno::srch); });
  expect("helper/ended_domain_is_gone", gone, Errno::srch);
  expect("event/send_after_peer_ended", call(H::evtchn_send, channel), 0);
  expect_state("event/nothing_pending_after_peer_ended",
               !port_pending(static_cast<abi::EventPort>(channel)), "pending", "not pending");
  expect("event/close_after_peer_ended", call(H::evtchn_close, channel), 0);
}

}  // namespace hostile
