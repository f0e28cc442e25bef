// `hello`: the smallest workload guest. It greets on its console with what
// it learned at start of day, then powers off. With `fault=ept` on its
// command line it writes outside its memory instead, which must end this
// domain alone; with `fault=ud` it executes an invalid opcode (its IDT
// reports it and it ends as crashed); with `fault=triple` it clears its IDT
// first, so the fault becomes a triple fault. With `upcall=timer` it binds
// the timer virq to an upcall vector, enables interrupts, arms its one-shot
// timer and spins until the upcall arrives. With `cr=probe` it sets CR0.NE
// (allowed) and then CR4.VMXE (#GP, reported by its IDT).
#include "arch/hypercall.h"
#include "guest/interrupts.h"
#include "guest/runtime.h"
#include "support/text.h"

namespace {

volatile std::uint32_t g_upcalls = 0;
void on_upcall() { g_upcalls = g_upcalls + 1; }

void upcall_test() {
  auto nr = [](tactus::abi::Hypercall h) { return static_cast<std::uint64_t>(h); };
  std::int64_t port = arch::hypercall(nr(tactus::abi::Hypercall::evtchn_bind_virq),
                                      static_cast<std::uint64_t>(tactus::abi::Virq::timer));
  std::int64_t r = guest::set_upcall_handler(0x40, on_upcall);
  guest::print("upcall: timer virq on port {}, vector 0x40 registered ({})\n", port, r);
  std::uint64_t start = guest::now_ns();
  guest::set_timer(start + 1000000);
  while (g_upcalls == 0 && guest::now_ns() - start < 50000000) {
  }
  guest::print("upcall: {} received {} us after arming the timer\n",
               g_upcalls == 0 ? "NONE" : "one", (guest::now_ns() - start) / 1000);
}

}  // namespace

void guest_main() {
  guest::print("hello from a Tactus guest: {} MiB, command line '{}', hypervisor {}\n",
               guest::memory_bytes() >> 20, guest::cmdline(),
               guest::running_on_tactus() ? "Tactus" : "unknown");
  std::string_view fault;
  if (support::cmdline_get(guest::cmdline(), "fault", fault)) {
    guest::print("injecting fault '{}'\n", fault);
    if (fault == "ept")
      *reinterpret_cast<volatile std::uint64_t*>(guest::memory_bytes() + 0x10000) = 1;
    if (fault == "ud") __builtin_trap();
    if (fault == "triple") {
      struct [[gnu::packed]] {
        std::uint16_t limit;
        std::uint64_t base;
      } empty{0, 0};
      asm volatile("lidt %0; ud2" ::"m"(empty));
    }
  }
  std::string_view cr;
  if (support::cmdline_get(guest::cmdline(), "cr", cr) && cr == "probe") {
    std::uint64_t cr0 = 0;
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    asm volatile("mov %0, %%cr0" ::"r"(cr0 | (1u << 5)) : "memory");  // NE: host-owned bit
    asm volatile("mov %%cr0, %0" : "=r"(cr0));
    guest::print("cr: CR0.NE write kept, NE reads {}\n", (cr0 >> 5) & 1);
    std::uint64_t cr4 = 0;
    asm volatile("mov %%cr4, %0" : "=r"(cr4));
    guest::print("cr: setting CR4.VMXE, which must raise #GP\n");
    asm volatile("mov %0, %%cr4" ::"r"(cr4 | (1u << 13)) : "memory");
  }
  std::string_view upcall;
  if (support::cmdline_get(guest::cmdline(), "upcall", upcall) && upcall == "timer") upcall_test();
  guest::print("goodbye\n");
}
