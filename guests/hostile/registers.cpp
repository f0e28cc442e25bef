// Hostile case on the calling convention: every register but rax is
// preserved across VMCALL, for a refused call, for one that runs, and for
// successful grant calls, whose rax is exactly the documented value (no
// hypervisor state leaks through the registers). Single vCPU, no locking.
#include "check.h"

namespace hostile {
namespace {

struct Regs {
  std::uint64_t rbx, rcx, rdx, rsi, rdi, r8, r9, r10, r11, r12;
};

// VMCALL with every general register (but rax, rsp, rbp and r13-r15, which
// the compiler needs) loaded from `in`; returns what they hold afterwards.
Regs vmcall_all(std::uint64_t nr, const Regs& in, std::int64_t& rax) {
  Regs out = in;
  register std::uint64_t r8 asm("r8") = in.r8;
  register std::uint64_t r9 asm("r9") = in.r9;
  register std::uint64_t r10 asm("r10") = in.r10;
  register std::uint64_t r11 asm("r11") = in.r11;
  register std::uint64_t r12 asm("r12") = in.r12;
  std::uint64_t a = nr;
  asm volatile("vmcall"
               : "+a"(a), "+b"(out.rbx), "+c"(out.rcx), "+d"(out.rdx), "+S"(out.rsi), "+D"(out.rdi),
                 "+r"(r8), "+r"(r9), "+r"(r10), "+r"(r11), "+r"(r12)
               :
               : "memory");
  out.r8 = r8, out.r9 = r9, out.r10 = r10, out.r11 = r11, out.r12 = r12;
  rax = static_cast<std::int64_t>(a);
  return out;
}

alignas(4096) std::uint8_t g_granted[4096];

bool same(const Regs& x, const Regs& y) {
  return x.rbx == y.rbx && x.rcx == y.rcx && x.rdx == y.rdx && x.rsi == y.rsi && x.rdi == y.rdi &&
         x.r8 == y.r8 && x.r9 == y.r9 && x.r10 == y.r10 && x.r11 == y.r11 && x.r12 == y.r12;
}

}  // namespace

void registers_preserved(const World& w) {
  // evtchn_send on port 63 (never allocated): ENOENT, garbage elsewhere.
  Regs in{0xb0b0'0000'0000'00b1,
          0xc0c0'0000'0000'00c1,
          0xd0d0'0000'0000'00d1,
          0x5151'0000'0000'0051,
          63,
          0x0808'0000'0000'0008,
          0x0909'0000'0000'0009,
          0x1010'0000'0000'0010,
          0x1111'0000'0000'0011,
          0x1212'0000'0000'0012};
  std::int64_t rax = 0;
  Regs out = vmcall_all(static_cast<std::uint64_t>(H::evtchn_send), in, rax);
  expect("regs/refused_call_result", rax, Errno::noent);
  expect_state("regs/refused_call_preserves", same(in, out), "a register changed", "unchanged");
  // sched_yield runs (and may switch vCPUs): still nothing but rax changes.
  out = vmcall_all(static_cast<std::uint64_t>(H::sched_yield), in, rax);
  expect("regs/yield_result", rax, 0);
  expect_state("regs/yield_preserves", same(in, out), "a register changed", "unchanged");
  // An unknown number with the peer id everywhere.
  Regs peer{w.peer, w.peer, w.peer, w.peer, w.peer, w.peer, w.peer, w.peer, w.peer, w.peer};
  out = vmcall_all(0x77, peer, rax);
  expect("regs/nosys_result", rax, Errno::nosys);
  expect_state("regs/nosys_preserves", same(peer, out), "a register changed", "unchanged");
  // A grant to the peer (ref 0: none is outstanding) and its revoke, with
  // garbage in the argument registers the calls do not use.
  Regs grant = in;
  grant.rdi = w.peer, grant.rsi = gfn_of(g_granted), grant.rdx = 0;
  out = vmcall_all(static_cast<std::uint64_t>(H::grant_access), grant, rax);
  expect("regs/grant_access_result", rax, 0);
  expect_state("regs/grant_access_preserves", same(grant, out), "a register changed", "unchanged");
  Regs revoke = in;
  revoke.rdi = 0;
  out = vmcall_all(static_cast<std::uint64_t>(H::grant_revoke), revoke, rax);
  expect("regs/grant_revoke_result", rax, 0);
  expect_state("regs/grant_revoke_preserves", same(revoke, out), "a register changed", "unchanged");
}

}  // namespace hostile
