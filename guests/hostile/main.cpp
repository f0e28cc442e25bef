// `hostile`: an XTF-style test guest. It issues a battery of bad hypercalls
// (unknown numbers, bad domain ids, buffers outside its memory, privileged
// calls, event and grant misuse, past timer deadlines, reserved bits),
// checks every answer and the state afterwards, and prints one line per
// case: `hostile: PASS <case>` or `hostile: FAIL <case>: got .. expected ..`,
// then `hostile: done pass=<n> fail=<m>`. Command line: `peer=<id>` a domain
// that exists (default 1), `ghost=<id>` one that does not (default 9),
// `helper=<id>` a second instance started with `role=helper partner=<our
// id> third=<another id>` (helper.h; optional), and `oob=1` to finally
// write past its RAM, which must end this domain only (an EPT violation).
// `cpu=<groups>` (any of leak,vmx,msr,cr8,cpl3, or all) runs the CPU-state
// cases instead of the hypercall battery; `leak=<rounds>` sets the rounds of
// leak/, and `role=leak` makes an instance that only runs those rounds
// (beside a cpu= one on the same pCPU) and prints `hostile-leak: done ...`.
// role=granter / role=racer run the two-vCPU grant race instead (race.h);
// role=flood writes `flood_bytes` every `flood_every` ms for `flood_for` ms
// (flood.h).
// docs/testing.md lists the cases. Single vCPU except the racer.
#include "check.h"
#include "flood.h"
#include "guest/runtime.h"
#include "helper.h"
#include "race.h"
#include "support/text.h"

namespace {

std::uint64_t option(std::string_view key, std::uint64_t fallback) {
  std::string_view v;
  std::uint64_t n = fallback;
  if (support::cmdline_get(guest::cmdline(), key, v) && !support::parse_u64(v, n)) n = fallback;
  return n;
}

std::uint32_t id_option(std::string_view key, std::uint64_t fallback) {
  return static_cast<std::uint32_t>(option(key, fallback));
}

bool cpu_group(std::string_view groups, std::string_view group) {
  return groups == "all" || groups.find(group) != std::string_view::npos;
}

// The CPU-state cases (cpu.cpp, ring3.cpp) in the order that keeps the
// most of them observable when one fails: leak/ first (while the role=leak
// instance runs its rounds), the ring-3 shutdown attempt last.
void cpu_cases(const hostile::World& w, std::string_view groups) {
  if (cpu_group(groups, "leak")) hostile::leak_rounds(w, id_option("leak", 100));
  hostile::cpu_state(w, cpu_group(groups, "vmx"), cpu_group(groups, "msr"),
                     cpu_group(groups, "cr8"));
  if (cpu_group(groups, "cpl3")) hostile::ring3_calls(w);
}

}  // namespace

void guest_main() {
  std::string_view role;
  if (support::cmdline_get(guest::cmdline(), "role", role) && role == "helper") {
    hostile::helper::run(hostile::World{guest::domain_id(), id_option("partner", 2),
                                        id_option("third", 1), guest::memory_bytes(), 0});
    return;
  }
  if (role == "leak") {
    hostile::World w{guest::domain_id(), 0, 0, guest::memory_bytes(), 0};
    hostile::leak_rounds(w, id_option("leak", 100));
    guest::print("hostile-leak: done pass={} fail={}\n", hostile::passed(), hostile::failed());
    return;
  }
  if (role == "granter") return hostile::race::run_granter(id_option("partner", 2));
  if (role == "racer") return hostile::race::run_racer(id_option("granter", 1));
  if (role == "flood")
    return hostile::flood::run(option("flood_bytes", 4096), option("flood_every", 10),
                               option("flood_for", 1500));
  hostile::World w{guest::domain_id(), id_option("peer", 1), id_option("ghost", 9),
                   guest::memory_bytes(), id_option("helper", 0)};
  guest::print("hostile: domain {} ({}), peer {}, ghost {}, {} KiB of RAM\n", w.self,
               guest::privileged() ? "privileged" : "unprivileged", w.peer, w.ghost,
               w.memory >> 10);
  if (guest::privileged()) {
    guest::print("hostile: FAIL setup: got privileged expected an unprivileged domain\n");
    guest::shutdown(tactus::abi::ShutdownReason::crash);
  }
  std::string_view groups;
  if (support::cmdline_get(guest::cmdline(), "cpu", groups)) {
    cpu_cases(w, groups);
    guest::print("hostile: done pass={} fail={}\n", hostile::passed(), hostile::failed());
    return;
  }
  hostile::unknown_numbers(w);
  hostile::privileged_calls(w);
  hostile::console_buffers(w);
  hostile::reserved_bits(w);
  hostile::domain_ids(w);
  hostile::event_misuse(w);
  hostile::grant_misuse(w);
  hostile::grant_sweeps(w);
  hostile::timer_and_block(w);
  hostile::registers_preserved(w);
  hostile::table_limits(w);
  if (w.helper != 0) hostile::helper_grants(w);
  hostile::event_sweeps(w);
  guest::print("hostile: done pass={} fail={}\n", hostile::passed(), hostile::failed());

  if (option("oob", 0) == 1) {
    std::uint64_t target = w.memory + 0x20000;
    guest::print("hostile: writing outside its memory at {:#x}\n", target);
    *reinterpret_cast<volatile std::uint64_t*>(target) = 0x686f7374696c65;
    guest::print("hostile: FAIL oob: got the write past RAM completed expected an EPT violation\n");
    guest::shutdown(tactus::abi::ShutdownReason::crash);
  }
}
