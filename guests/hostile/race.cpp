// The grant map/unmap race on two vCPUs (issue 12, item 2), as a guest
// would play it. Two instances of the hostile guest: the granter
// (role=granter partner=<racer>, one vCPU) grants one writable page to the
// racer and binds a channel; the racer (role=racer granter=<id>, two vCPUs)
// maps that grant over and over on vCPU 0 while vCPU 1 keeps unmapping the
// first window slot, so vCPU 1's unmap lands between the map's bookkeeping
// and its EPT entry whenever the hypervisor lets it. Afterwards every map
// must still succeed in every slot (a stale EPT entry the router forgot
// makes the map of that slot fail), the granter revokes and ends, and once
// it is reaped the racer touches the first window slot: that must end the
// racer with an EPT violation, never read the granter's old frame.
// Meanwhile vCPU 1 keeps notifying the granter while it ends and is reaped
// (every send answers 0: delivered, or a no-op once the peer is gone).
// The vCPUs share only the atomics below.
#include <atomic>

#include "check.h"
#include "guest/runtime.h"
#include "guest/secondary.h"
#include "race.h"
#include "tactus/grant.h"

namespace hostile::race {
namespace {

constexpr abi::EventPort kPort = 1;                      // the granter's first port: the channel
constexpr std::uint64_t kMagic = 0x7261'6365'2121'2121;  // "race!!!!"
constexpr std::uint64_t kRaceNs = 400'000'000;           // hypervisor time vCPU 0 races for
constexpr std::uint64_t kWaitNs = 4'000'000'000;
constexpr std::uint64_t kW = abi::kGrantMapWindowGfn;
constexpr abi::GrantRef kUnusedRef = 5;  // ENOENT while the granter lives, then ESRCH

alignas(4096) std::uint64_t g_page[512];

std::atomic<bool> g_racing{false};
std::atomic<bool> g_secondary_running{false};
std::atomic<bool> g_secondary_stopped{false};
std::atomic<std::uint64_t> g_secondary_unmaps{0};
// Phase two: vCPU 1 sends on the channel while the granter ends and is
// reaped, so notifications race the reap from another pCPU.
std::atomic<std::uint64_t> g_channel{0};  // 0: phase two not started
std::atomic<bool> g_sending{false};
std::atomic<bool> g_sender_stopped{false};
std::atomic<std::uint64_t> g_sends{0}, g_bad_sends{0};

template <typename F>
std::int64_t poll(F attempt, bool (*until)(std::int64_t)) {
  const std::uint64_t end = guest::now_ns() + kWaitNs;
  std::int64_t r = attempt();
  while (!until(r) && guest::now_ns() < end) {
    (void)call(H::sched_yield);
    r = attempt();
  }
  return r;
}

void yield_for(std::uint64_t ns) {
  const std::uint64_t end = guest::now_ns() + ns;
  while (guest::now_ns() < end) (void)call(H::sched_yield);
}

}  // namespace

void secondary(std::uint32_t) {
  g_secondary_running.store(true);
  while (g_racing.load())
    if (call(H::grant_unmap, kW) == 0) g_secondary_unmaps.fetch_add(1);
  g_secondary_stopped.store(true);
  while (g_channel.load() == 0) __builtin_ia32_pause();
  while (g_sending.load()) {
    g_sends.fetch_add(1);
    if (call(H::evtchn_send, g_channel.load()) != 0) g_bad_sends.fetch_add(1);
  }
  g_sender_stopped.store(true);
}

void run_granter(std::uint32_t partner) {
  g_page[0] = kMagic;
  expect("race/granter_grant", call(H::grant_access, partner, gfn_of(g_page), 0), 0);
  expect("race/granter_channel", call(H::evtchn_alloc_unbound, partner), kPort);
  guest::print("race-granter: ready (partner {})\n", partner);
  expect_state("race/granter_told_racing_is_over", wait_port(kPort, 3 * kWaitNs), "no event",
               "an event");
  expect("race/granter_revoke", call(H::grant_revoke, 0), 0);
  guest::print("race-granter: done pass={} fail={}\n", passed(), failed());
}

void run_racer(std::uint32_t granter) {
  auto channel = poll([&] { return call(H::evtchn_bind_interdomain, granter, kPort); },
                      [](std::int64_t r) { return r >= 0; });
  if (!expect_range("race/bind_channel", channel, 1, 63)) return;
  g_racing.store(true);
  guest::start_secondary_vcpus();
  expect_state("race/second_vcpu_runs",
               poll([] { return std::int64_t{g_secondary_running.load()}; },
                    [](std::int64_t r) { return r != 0; }) != 0,
               "vCPU 1 never ran", "vCPU 1 running");

  // vCPU 0 maps (and unmaps what it got, racing vCPU 1 for it); a map is
  // refused only when the slot it claimed already has an EPT entry.
  std::uint64_t rounds = 0, refused = 0;
  std::int64_t first_refusal = 0;
  const std::uint64_t end = guest::now_ns() + kRaceNs;
  while (guest::now_ns() < end) {
    ++rounds;
    std::int64_t gfn = call(H::grant_map, granter, 0, 0);
    if (gfn < 0) {
      if (refused++ == 0) first_refusal = gfn;
      continue;
    }
    (void)call(H::grant_unmap, static_cast<std::uint64_t>(gfn));
  }
  g_racing.store(false);
  expect_state("race/second_vcpu_stops",
               poll([] { return std::int64_t{g_secondary_stopped.load()}; },
                    [](std::int64_t r) { return r != 0; }) != 0,
               "vCPU 1 still racing", "vCPU 1 stopped");
  guest::print("hostile: race: {} maps on vCPU 0, {} unmaps won by vCPU 1, {} maps refused\n",
               rounds, g_secondary_unmaps.load(), refused);
  expect("race/map_never_refused", refused == 0 ? 0 : first_refusal, 0);
  expect_state("race/second_vcpu_won_unmaps", g_secondary_unmaps.load() > 0, "none",
               "at least one");

  // Nothing of the race may be left behind: every slot maps and unmaps.
  for (std::uint64_t s = 0; s < abi::kGrantMapSlots; ++s) (void)call(H::grant_unmap, kW + s);
  std::int64_t bad = 0;
  for (std::uint64_t s = 0; s < abi::kGrantMapSlots; ++s)
    if (auto g = call(H::grant_map, granter, 0, 0); g != static_cast<std::int64_t>(kW + s) && !bad)
      bad = g == 0 ? -4095 : g;
  expect("race/every_slot_maps_afterwards", bad, 0);
  auto word = *reinterpret_cast<volatile std::uint64_t*>(kW << abi::kPageShift);
  expect_state("race/mapped_page_shows_granters_bytes", word == kMagic, name("{:#x}", word).view(),
               name("{:#x}", kMagic).view());
  bad = 0;
  for (std::uint64_t s = 0; s < abi::kGrantMapSlots; ++s)
    if (auto u = call(H::grant_unmap, kW + s); u != 0 && !bad) bad = u;
  expect("race/every_slot_unmaps_afterwards", bad, 0);

  // The granter revokes and ends; once it is gone (and reaped) the window
  // must be empty.
  expect("race/tell_granter", call(H::evtchn_send, channel), 0);
  g_sending.store(true);
  g_channel.store(static_cast<std::uint64_t>(channel));
  auto gone = poll([&] { return call(H::grant_map, granter, kUnusedRef, 0); },
                   [](std::int64_t r) { return r == abi::to_result(Errno::srch); });
  expect("race/granter_gone", gone, Errno::srch);
  yield_for(50'000'000);  // its frames go back once every CPU flushed its EPT
  g_sending.store(false);
  expect_state("race/sender_stops",
               poll([] { return std::int64_t{g_sender_stopped.load()}; },
                    [](std::int64_t r) { return r != 0; }) != 0,
               "vCPU 1 still sending", "vCPU 1 stopped");
  guest::print("hostile: race: {} sends on vCPU 1 while the granter ended and was reaped\n",
               g_sends.load());
  expect("race/sends_during_reap_answer_0", static_cast<std::int64_t>(g_bad_sends.load()), 0);
  guest::print("hostile: done pass={} fail={}\n", passed(), failed());

  guest::print("hostile: race: touching window slot 0 after the granter was reaped\n");
  auto* slot0 = reinterpret_cast<volatile std::uint64_t*>(kW << abi::kPageShift);
  std::uint64_t seen = *slot0;
  *slot0 = kMagic;
  guest::print(
      "hostile: FAIL race/window_empty_after_reap: got read {:#x} and wrote expected an "
      "EPT violation\n",
      seen);
  guest::shutdown(abi::ShutdownReason::crash);
}

}  // namespace hostile::race

extern "C" void guest_secondary_main(std::uint32_t index) { hostile::race::secondary(index); }
