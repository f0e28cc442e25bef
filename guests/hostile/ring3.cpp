// Hostile cases from ring 3 (cpl3/): a user-mode program inside the domain
// issues VMCALLs, which the hypervisor must refuse with EPERM before looking
// at the number (Xen's HVM rule, docs/hypercalls.md). To get there the
// guest marks its identity map user-accessible, loads a GDT with user
// segments and a TSS (ring-0 stack for the way back), and IRETs to ring 3;
// the program stores rax and executes HLT, whose #GP the exception probe
// catches in ring 0. Single vCPU, no locking.
#include "check.h"
#include "guest/probe.h"
#include "guest/runtime.h"

namespace hostile {
namespace {

struct [[gnu::packed]] Tss64 {
  std::uint32_t reserved0;
  std::uint64_t rsp0, rsp1, rsp2, reserved1;
  std::uint64_t ist[7];
  std::uint64_t reserved2;
  std::uint16_t reserved3, iomap_base;
};

constexpr std::uint16_t kUserData = 0x18 | 3, kUserCode = 0x20 | 3, kTss = 0x28;

alignas(16) std::uint64_t g_gdt[7];
alignas(16) Tss64 g_tss;
alignas(16) std::uint8_t g_ring0_stack[8192];
alignas(16) std::uint8_t g_ring3_stack[8192];

// What the ring-3 program calls and what it got back.
struct Ring3Call {
  std::uint64_t nr, a0, a1, result;
};

void setup_ring3(std::uint64_t memory) {
  // Page tables: the runtime's identity map (2 MiB pages), user bit on
  // the path to the domain's memory.
  constexpr std::uint64_t kUser = 1ull << 2, kAddr = 0x000f'ffff'ffff'f000ull;
  std::uint64_t cr3;
  asm volatile("mov %%cr3, %0" : "=r"(cr3));
  auto* pml4 = reinterpret_cast<std::uint64_t*>(cr3 & kAddr);
  pml4[0] |= kUser;
  auto* pdpt = reinterpret_cast<std::uint64_t*>(pml4[0] & kAddr);
  pdpt[0] |= kUser;
  auto* pd = reinterpret_cast<std::uint64_t*>(pdpt[0] & kAddr);
  for (std::uint64_t i = 0; i < (memory + (2ull << 20) - 1) >> 21 && i < 512; ++i) pd[i] |= kUser;
  asm volatile("mov %0, %%cr3" ::"r"(cr3) : "memory");

  g_tss.rsp0 = reinterpret_cast<std::uint64_t>(g_ring0_stack + sizeof g_ring0_stack);
  g_tss.iomap_base = sizeof(Tss64);
  auto tss = reinterpret_cast<std::uint64_t>(&g_tss);
  g_gdt[0] = 0;
  g_gdt[1] = 0x00af9a000000ffffull;  // 0x08: 64-bit code, as the runtime's
  g_gdt[2] = 0x00cf92000000ffffull;  // 0x10: data, as the runtime's
  g_gdt[3] = 0x00cff2000000ffffull;  // 0x18: user data
  g_gdt[4] = 0x00affa000000ffffull;  // 0x20: user 64-bit code
  g_gdt[5] = (sizeof(Tss64) - 1) | ((tss & 0xffffff) << 16) | (0x89ull << 40) |
             ((tss >> 24 & 0xff) << 56);  // 0x28: available 64-bit TSS
  g_gdt[6] = tss >> 32;
  struct [[gnu::packed]] {
    std::uint16_t limit;
    std::uint64_t base;
  } gdtr{sizeof g_gdt - 1, reinterpret_cast<std::uint64_t>(g_gdt)};
  asm volatile("lgdt %0; ltr %w1" ::"m"(gdtr), "r"(kTss) : "memory");
}

// In ring 0 (inside a probe): IRET to the ring-3 program with rbx = call.
void enter_ring3(void* call) {
  asm volatile(
      "push %[ss]\n\t"
      "push %[rsp]\n\t"
      "push $2\n\t"  // RFLAGS: interrupts off, IOPL 0
      "push %[cs]\n\t"
      "lea 1f(%%rip), %%rax\n\t"
      "push %%rax\n\t"
      "iretq\n"
      "1:\n\t"  // ring 3
      "mov 0(%%rbx), %%rax\n\t"
      "mov 8(%%rbx), %%rdi\n\t"
      "mov 16(%%rbx), %%rsi\n\t"
      "vmcall\n\t"
      "mov %%rax, 24(%%rbx)\n\t"
      "hlt\n\t"  // #GP at CPL 3: back to the probe
      "ud2"
      :
      : "b"(call), [ss] "i"(kUserData), [cs] "i"(kUserCode),
        [rsp] "r"(reinterpret_cast<std::uint64_t>(g_ring3_stack + sizeof g_ring3_stack))
      : "rax", "rdi", "rsi", "memory");
}

std::int64_t from_ring3(std::string_view what, std::uint64_t nr, std::uint64_t a0 = 0,
                        std::uint64_t a1 = 0) {
  Ring3Call c{nr, a0, a1, 0x5a5a};
  int vector = guest::probe(enter_ring3, &c);
  expect_state(name("cpl3/{}/back_through_gp", what).view(), vector == 13,
               name("vector {}", vector).view(), "#GP from HLT at CPL 3");
  return static_cast<std::int64_t>(c.result);
}

const char kRing3Text[] = "hostile: FAIL cpl3/console_write: printed from ring 3\n";

}  // namespace

void ring3_calls(const World& w) {
  setup_ring3(w.memory);
  expect("cpl3/console_write",
         from_ring3("console_write", static_cast<std::uint64_t>(H::console_write),
                    reinterpret_cast<std::uint64_t>(kRing3Text), sizeof kRing3Text - 1),
         Errno::perm);
  expect("cpl3/sched_yield", from_ring3("sched_yield", static_cast<std::uint64_t>(H::sched_yield)),
         Errno::perm);
  expect("cpl3/unknown_number", from_ring3("unknown", 0x7fff), Errno::perm);
  expect("cpl3/evtchn_alloc_unbound",
         from_ring3("evtchn_alloc_unbound", static_cast<std::uint64_t>(H::evtchn_alloc_unbound),
                    w.peer),
         Errno::perm);
  expect("cpl3/ring0_still_served", call(H::console_write, 0, 0), 0);
  // Last: a ring-3 shutdown would end the domain if the hypervisor obeyed it.
  expect("cpl3/sched_shutdown",
         from_ring3("sched_shutdown", static_cast<std::uint64_t>(H::sched_shutdown),
                    static_cast<std::uint64_t>(abi::ShutdownReason::poweroff)),
         Errno::perm);
}

}  // namespace hostile
