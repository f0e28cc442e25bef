// Guest IDT (see guest/interrupts.h).
#include "guest/interrupts.h"

#include "arch/hypercall.h"
#include "arch/idt.h"
#include "guest/runtime.h"

extern "C" {
#define TACTUS_EXC(n) void guest_exc_##n();
TACTUS_EXC(0)
TACTUS_EXC(1)
TACTUS_EXC(2) TACTUS_EXC(3) TACTUS_EXC(4) TACTUS_EXC(5) TACTUS_EXC(6) TACTUS_EXC(7) TACTUS_EXC(8)
    TACTUS_EXC(9) TACTUS_EXC(10) TACTUS_EXC(11) TACTUS_EXC(12) TACTUS_EXC(13) TACTUS_EXC(14)
        TACTUS_EXC(15) TACTUS_EXC(16) TACTUS_EXC(17) TACTUS_EXC(18) TACTUS_EXC(19)
#undef TACTUS_EXC
            void guest_upcall_entry();
}

namespace guest {
namespace {

constexpr std::uint16_t kCodeSelector = 0x08;  // the runtime's 64-bit code segment (pvh_entry.S)

alignas(16) arch::IdtGate g_idt[256];
void (*g_upcall_handler)() = nullptr;

void set_gate(unsigned vector, void (*entry)()) {
  g_idt[vector] = arch::interrupt_gate(reinterpret_cast<std::uint64_t>(entry), kCodeSelector);
}

}  // namespace

void init_interrupts() {
  void (*const exceptions[])() = {guest_exc_0,  guest_exc_1,  guest_exc_2,  guest_exc_3,
                                  guest_exc_4,  guest_exc_5,  guest_exc_6,  guest_exc_7,
                                  guest_exc_8,  guest_exc_9,  guest_exc_10, guest_exc_11,
                                  guest_exc_12, guest_exc_13, guest_exc_14, guest_exc_15,
                                  guest_exc_16, guest_exc_17, guest_exc_18, guest_exc_19};
  for (unsigned v = 0; v < 20; ++v) set_gate(v, exceptions[v]);
  load_interrupts();
}

void load_interrupts() { arch::load_idt(g_idt, 256); }

std::int64_t set_upcall_handler(std::uint8_t vector, void (*handler)()) {
  g_upcall_handler = handler;
  set_gate(vector, guest_upcall_entry);
  std::int64_t r = arch::hypercall(
      static_cast<std::uint64_t>(tactus::abi::Hypercall::evtchn_set_upcall_vector), vector);
  if (r == 0) asm volatile("sti" ::: "memory");
  return r;
}

}  // namespace guest

extern "C" [[noreturn]] void guest_exception(std::uint64_t vector, std::uint64_t error,
                                             std::uint64_t rip) {
  guest::print("guest exception: vector {} error {:#x} at RIP {:#x}\n", vector, error, rip);
  guest::shutdown(tactus::abi::ShutdownReason::crash);
}

extern "C" void guest_upcall() {
  guest::shared_info().vcpu[0].upcall_pending = 0;
  if (guest::g_upcall_handler != nullptr) guest::g_upcall_handler();
}
