// The hostile guest's test harness: raw hypercalls with crafted registers,
// one `hostile: PASS <case>` / `hostile: FAIL <case>: got .. expected ..`
// line per check, and the totals. Single vCPU, no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "support/format.h"
#include "tactus/abi.h"
#include "tactus/grant.h"
#include "tactus/shared_info.h"

namespace hostile {

namespace abi = tactus::abi;
using H = abi::Hypercall;
using abi::Errno;

// What every group of cases needs to know about this domain and its world.
struct World {
  std::uint32_t self;    // this domain's id (CPUID 0x40000002)
  std::uint32_t peer;    // a domain that exists (peer= on the command line)
  std::uint32_t ghost;   // a valid id that names no domain (ghost=)
  std::uint64_t memory;  // bytes of RAM, from gpa 0
  std::uint32_t helper;  // a second instance in role=helper (helper=), 0: none
};

// A case name, built with format_to ("nosys/{:#x}"); a plain copyable
// value (FixedString itself is not copyable).
struct Name {
  char text[96];
  std::size_t len;
  std::string_view view() const { return {text, len}; }
};

template <typename... Args>
Name name(std::string_view fmt, const Args&... args) {
  support::FixedString<sizeof(Name::text)> f;
  support::format_to(f.sink(), fmt, args...);
  Name n{};
  for (char c : f.view())
    if (n.len < sizeof n.text) n.text[n.len++] = c;
  return n;
}

// The frame number of a page of this guest's RAM (identity-mapped).
inline std::uint64_t gfn_of(const void* p) {
  return reinterpret_cast<std::uint64_t>(p) >> abi::kPageShift;
}

// VMCALL with any 64-bit number and all five argument registers.
std::int64_t raw(std::uint64_t nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0, std::uint64_t a2 = 0,
                 std::uint64_t a3 = 0, std::uint64_t a4 = 0);
std::int64_t call(H nr, std::uint64_t a0 = 0, std::uint64_t a1 = 0, std::uint64_t a2 = 0);

// rax must equal `expected` (an errno or a value).
bool expect(std::string_view what, std::int64_t got, std::int64_t expected);
bool expect(std::string_view what, std::int64_t got, Errno expected);
// rax must be a success value in [lo, hi].
bool expect_range(std::string_view what, std::int64_t got, std::int64_t lo, std::int64_t hi);
// A state check: `ok`, else FAIL with the two descriptions.
bool expect_state(std::string_view what, bool ok, std::string_view got, std::string_view expected);

std::uint32_t passed();
std::uint32_t failed();

// Event bits of this domain's shared-info page.
bool port_pending(abi::EventPort p);
bool port_masked(abi::EventPort p);
// Clears every pending bit, pending_sel and upcall_pending (what an upcall
// handler does), so the next event notifies again.
void acknowledge_all();
// Blocks until `port` is pending (then clears it, as a handler would) or
// `limit_ns` of hypervisor time pass (a failsafe timer bounds the wait).
bool wait_port(abi::EventPort port, std::uint64_t limit_ns);

// The groups of cases (one file each).
void unknown_numbers(const World& w);
void privileged_calls(const World& w);
void console_buffers(const World& w);
void reserved_bits(const World& w);
void domain_ids(const World& w);
void event_misuse(const World& w);
void grant_misuse(const World& w);
void grant_sweeps(const World& w);
void event_sweeps(const World& w);  // event_sweeps.cpp: events, domctl, sysctl, sched; a storm
void timer_and_block(const World& w);
void registers_preserved(const World& w);
void table_limits(const World& w);
void helper_grants(const World& w);  // with a helper domain only (helper.h)
void cpu_state(const World& w, bool vmx, bool msr, bool cr8);  // cpu.cpp: vmx/, msr/, cr8/
void leak_rounds(const World& w, std::uint32_t rounds);        // cpu.cpp: leak/
void ring3_calls(const World& w);                              // ring3.cpp: cpl3/

}  // namespace hostile
