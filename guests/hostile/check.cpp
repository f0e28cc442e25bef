// The hostile guest's reporting and raw-call helpers (see check.h).
#include "check.h"

#include <atomic>

#include "arch/hypercall.h"
#include "guest/runtime.h"

namespace hostile {
namespace {

std::uint32_t g_pass = 0;
std::uint32_t g_fail = 0;

bool report(std::string_view what, bool ok) {
  if (ok) {
    ++g_pass;
    guest::print("hostile: PASS {}\n", what);
  } else {
    ++g_fail;
  }
  return ok;
}

}  // namespace

std::int64_t raw(std::uint64_t nr, std::uint64_t a0, std::uint64_t a1, std::uint64_t a2,
                 std::uint64_t a3, std::uint64_t a4) {
  return arch::hypercall(nr, a0, a1, a2, a3, a4);
}

std::int64_t call(H nr, std::uint64_t a0, std::uint64_t a1, std::uint64_t a2) {
  return raw(static_cast<std::uint64_t>(nr), a0, a1, a2);
}

bool expect(std::string_view what, std::int64_t got, std::int64_t expected) {
  if (!report(what, got == expected))
    guest::print("hostile: FAIL {}: got {} expected {}\n", what, got, expected);
  return got == expected;
}

bool expect(std::string_view what, std::int64_t got, Errno expected) {
  return expect(what, got, abi::to_result(expected));
}

bool expect_range(std::string_view what, std::int64_t got, std::int64_t lo, std::int64_t hi) {
  bool ok = got >= lo && got <= hi;
  if (!report(what, ok))
    guest::print("hostile: FAIL {}: got {} expected {}..{}\n", what, got, lo, hi);
  return ok;
}

bool expect_state(std::string_view what, bool ok, std::string_view got, std::string_view expected) {
  if (!report(what, ok))
    guest::print("hostile: FAIL {}: got {} expected {}\n", what, got, expected);
  return ok;
}

std::uint32_t passed() { return g_pass; }
std::uint32_t failed() { return g_fail; }

bool port_pending(abi::EventPort p) {
  std::atomic_ref<std::uint64_t> word(guest::shared_info().evtchn_pending[abi::event_word(p)]);
  return (word.load() & abi::event_bit(p)) != 0;
}

bool port_masked(abi::EventPort p) {
  std::atomic_ref<std::uint64_t> word(guest::shared_info().evtchn_mask[abi::event_word(p)]);
  return (word.load() & abi::event_bit(p)) != 0;
}

void acknowledge_all() {
  abi::SharedInfo& si = guest::shared_info();
  std::atomic_ref<std::uint8_t>(si.vcpu[0].upcall_pending).store(0);
  std::atomic_ref<std::uint64_t>(si.vcpu[0].pending_sel).store(0);
  for (auto& w : si.evtchn_pending) std::atomic_ref<std::uint64_t>(w).store(0);
}

bool wait_port(abi::EventPort port, std::uint64_t limit_ns) {
  const std::uint64_t end = guest::now_ns() + limit_ns;
  while (!port_pending(port)) {
    if (guest::now_ns() >= end) return false;
    (void)call(H::sched_set_timer, end);
    (void)call(H::sched_block);
  }
  (void)call(H::sched_set_timer, 0);
  abi::SharedInfo& si = guest::shared_info();
  std::atomic_ref<std::uint8_t>(si.vcpu[0].upcall_pending).store(0);
  std::atomic_ref<std::uint64_t>(si.vcpu[0].pending_sel).store(0);
  std::atomic_ref<std::uint64_t>(si.evtchn_pending[abi::event_word(port)])
      .fetch_and(~abi::event_bit(port));
  return true;
}

}  // namespace hostile
