// `busy`: a CPU hog for share and isolation experiments. It works forever
// in 1 ms units; with `report_ms=<n>` it prints how many units it completed
// every n ms of hypervisor time; with `stop_after_ms=<n>` it powers off
// after n ms.
#include "guest/runtime.h"
#include "support/text.h"

void guest_main() {
  std::uint64_t report_ms = 0, stop_after_ms = 0;
  std::string_view v;
  if (support::cmdline_get(guest::cmdline(), "report_ms", v))
    (void)support::parse_u64(v, report_ms);
  if (support::cmdline_get(guest::cmdline(), "stop_after_ms", v))
    (void)support::parse_u64(v, stop_after_ms);
  guest::print("busy: working in 1 ms units ({} loops per ms)\n", guest::work_loops_per_ms());
  const std::uint64_t start = guest::now_ns();
  std::uint64_t next_report = report_ms ? start + report_ms * 1000000 : ~0ull;
  std::uint64_t units = 0;
  for (;;) {
    guest::work_us(1000);
    ++units;
    std::uint64_t now = guest::now_ns();
    if (now >= next_report) {
      guest::print("busy: {} ms of work by {} ms\n", units, (now - start) / 1000000);
      next_report += report_ms * 1000000;
    }
    if (stop_after_ms != 0 && now - start >= stop_after_ms * 1000000) {
      guest::print("busy: done, {} ms of work in {} ms\n", units, (now - start) / 1000000);
      return;
    }
  }
}
