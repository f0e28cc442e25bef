// `bench`: measures hypervisor paths from inside a guest with the TSC
// (under Bochs with a fixed ips the TSC counts emulated instructions, so the
// figures are reproducible). Modes (command line `mode=`):
//   null   N console_write calls of length 0: the hypercall round trip
//   yield  N sched_yield calls; run two of these on one pCPU and each yield
//          is a switch to the other vCPU and back (two switches)
// `n=<count>` (default 10000). Prints one line:
//   bench: <mode> n=<n> ticks_per_op=<t>
#include "arch/cpu.h"
#include "arch/hypercall.h"
#include "guest/runtime.h"
#include "support/text.h"

namespace {

void null_call() {
  arch::hypercall(static_cast<std::uint64_t>(tactus::abi::Hypercall::console_write), 0, 0);
}

template <typename F>
std::uint64_t ticks_per_op(std::uint64_t n, F&& op) {
  for (int i = 0; i < 100; ++i) op();  // warm up
  std::uint64_t t0 = arch::rdtsc();
  for (std::uint64_t i = 0; i < n; ++i) op();
  return (arch::rdtsc() - t0) / n;
}

}  // namespace

void guest_main() {
  std::string_view mode = "null", v;
  std::uint64_t n = 10000;
  (void)support::cmdline_get(guest::cmdline(), "mode", mode);
  if (support::cmdline_get(guest::cmdline(), "n", v) && !support::parse_u64(v, n, 10000000))
    n = 10000;
  if (n == 0) n = 1;
  std::uint64_t t = 0;
  if (mode == "null")
    t = ticks_per_op(n, null_call);
  else if (mode == "yield")
    t = ticks_per_op(n, [] { guest::yield(); });
  else {
    guest::print("bench: error: unknown mode '{}'\n", mode);
    return;
  }
  guest::print("bench: {} n={} ticks_per_op={}\n", mode, n, t);
}
