// Hostile cases on the one-shot timer and blocking: a deadline in the past
// must fire at once (sched_block returns promptly and the bound timer virq
// port becomes pending), and sched_block must return at once while an
// unmasked event is pending (docs/hypercalls.md, 0x11). A future "failsafe"
// deadline bounds every wait so a wrong answer fails instead of hanging,
// where the ABI allows one. Single vCPU, no locking.
#include "check.h"
#include "guest/runtime.h"

namespace hostile {
namespace {

constexpr std::uint64_t kMs = 1'000'000;
// Longer than any preemption by the other domains (periods of 5 ms), far
// shorter than the failsafe timer.
constexpr std::uint64_t kPromptNs = 20 * kMs;
constexpr std::uint64_t kFailsafeNs = 60 * kMs;

// Lets a future deadline expire, so no earlier wake-up reason is left
// over for the cases below: blocks until the timer port is pending.
void settle(abi::EventPort timer) {
  acknowledge_all();
  (void)call(H::sched_set_timer, guest::now_ns() + 2 * kMs);
  while (!port_pending(timer)) (void)call(H::sched_block);
  acknowledge_all();
}

Name elapsed_text(std::uint64_t ns) { return name("{} us", ns / 1000); }

}  // namespace

void timer_and_block(const World&) {
  // The timer virq was bound in event_misuse() on port 1.
  constexpr abi::EventPort timer = 1;
  settle(timer);

  const char* labels[] = {"deadline_1ns", "deadline_now_minus_1ms"};
  for (int i = 0; i < 2; ++i) {
    acknowledge_all();
    std::uint64_t start = guest::now_ns();
    std::uint64_t deadline = i == 0 ? 1 : start - kMs;
    expect(name("timer/{}/set", labels[i]).view(), call(H::sched_set_timer, deadline), 0);
    (void)call(H::sched_block);
    std::uint64_t took = guest::now_ns() - start;
    expect_state(name("timer/{}/block_returns_promptly", labels[i]).view(), took < kPromptNs,
                 elapsed_text(took).view(), "< 20000 us");
    expect_state(name("timer/{}/raises_timer_virq", labels[i]).view(), port_pending(timer),
                 "timer port not pending", "timer port pending");
    settle(timer);
  }
  // Cancelling twice is harmless.
  expect("timer/cancel", call(H::sched_set_timer, 0), 0);
  expect("timer/cancel_again", call(H::sched_set_timer, 0), 0);

  // sched_block with an unmasked event already pending returns at once.
  auto a = call(H::evtchn_alloc_unbound, abi::kDomainSelf);
  auto b = call(H::evtchn_bind_interdomain, abi::kDomainSelf, a);
  if (a <= 0 || b <= 0) {
    expect_state("block/loopback_pair", false, "no loopback pair", "two ports");
    return;
  }
  expect("block/send", call(H::evtchn_send, b), 0);
  (void)call(H::sched_block);  // the notification's own wake-up
  expect_state("block/event_still_pending", port_pending(a) && !port_masked(a), "not pending",
               "pending, unmasked");
  std::uint64_t start = guest::now_ns();
  (void)call(H::sched_set_timer, start + kFailsafeNs);
  (void)call(H::sched_block);
  std::uint64_t took = guest::now_ns() - start;
  expect_state("block/returns_with_unmasked_event_pending", took < kPromptNs,
               elapsed_text(took).view(), "< 20000 us");
  (void)call(H::sched_set_timer, 0);
  expect("block/close_pair_a", call(H::evtchn_close, a), 0);
  expect("block/close_pair_b", call(H::evtchn_close, b), 0);
  expect("block/close_timer_virq", call(H::evtchn_close, timer), 0);
  acknowledge_all();
}

}  // namespace hostile
