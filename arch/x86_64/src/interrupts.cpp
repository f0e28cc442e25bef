// IDT construction, per-CPU GDT/TSS loading and the C++ side of interrupt
// dispatch. Handler tables are written during single-CPU boot only.
#include "arch/interrupts.h"

#include "arch/apic.h"
#include "arch/cpu.h"
#include "arch/idt.h"

extern "C" const std::uint64_t isr_stub_table[256];

namespace arch {
namespace {

alignas(16) IdtGate g_idt[256];
InterruptHandler g_handlers[256];
ExceptionHandler g_exception_handler;
InterruptHandler g_nmi_handler;

void set_gate(unsigned vector, std::uint64_t addr, std::uint8_t ist) {
  g_idt[vector] = interrupt_gate(addr, kKernelCode, ist);
}

}  // namespace

void init_idt() {
  for (unsigned v = 0; v < 256; ++v) {
    std::uint8_t ist = v == 8 ? 1 : v == 2 ? 2 : v == 18 ? 3 : 0;
    set_gate(v, isr_stub_table[v], ist);
  }
}

void load_cpu_tables(CpuTables& t) {
  t.gdt[0] = 0;
  t.gdt[1] = 0x00af9a000000ffffull;  // 64-bit code, DPL 0
  t.gdt[2] = 0x00cf92000000ffffull;  // data
  auto tss_addr = reinterpret_cast<std::uint64_t>(&t.tss);
  std::uint64_t limit = sizeof(Tss) - 1;
  t.gdt[3] = (limit & 0xffff) | ((tss_addr & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) | (((tss_addr >> 24) & 0xff) << 56);
  t.gdt[4] = tss_addr >> 32;
  t.tss = Tss{};
  for (unsigned i = 0; i < kIstStacks; ++i)
    t.tss.ist[i] = reinterpret_cast<std::uint64_t>(&t.ist_stacks[i][kIstStackSize]);
  t.tss.iomap_base = sizeof(Tss);

  DescriptorPointer gdtr{sizeof(t.gdt) - 1, reinterpret_cast<std::uint64_t>(t.gdt)};
  DescriptorPointer idtr{sizeof(g_idt) - 1, reinterpret_cast<std::uint64_t>(g_idt)};
  asm volatile(
      "lgdt %0\n\t"
      "mov %2, %%ds\n\t"
      "mov %2, %%es\n\t"
      "mov %2, %%ss\n\t"
      "pushq %1\n\t"
      "leaq 1f(%%rip), %%rax\n\t"
      "pushq %%rax\n\t"
      "lretq\n"
      "1:\n\t"
      "ltr %w3\n\t"
      "lidt %4"
      :
      : "m"(gdtr), "i"(kKernelCode), "r"(static_cast<std::uint64_t>(kKernelData)),
        "r"(static_cast<std::uint32_t>(kTssSelector)), "m"(idtr)
      : "rax", "memory");
}

void set_interrupt_handler(std::uint8_t vector, InterruptHandler handler) {
  g_handlers[vector] = handler;
}
void set_exception_handler(ExceptionHandler handler) { g_exception_handler = handler; }
void set_nmi_handler(InterruptHandler handler) { g_nmi_handler = handler; }

const char* exception_name(std::uint64_t vector) {
  static const char* const names[32] = {"#DE divide error",
                                        "#DB debug",
                                        "NMI",
                                        "#BP breakpoint",
                                        "#OF overflow",
                                        "#BR bound range",
                                        "#UD invalid opcode",
                                        "#NM device not available",
                                        "#DF double fault",
                                        "coprocessor overrun",
                                        "#TS invalid TSS",
                                        "#NP segment not present",
                                        "#SS stack fault",
                                        "#GP general protection",
                                        "#PF page fault",
                                        "reserved",
                                        "#MF x87 error",
                                        "#AC alignment check",
                                        "#MC machine check",
                                        "#XM SIMD error",
                                        "#VE virtualization",
                                        "#CP control protection",
                                        "reserved",
                                        "reserved",
                                        "reserved",
                                        "reserved",
                                        "reserved",
                                        "reserved",
                                        "#HV hypervisor injection",
                                        "#VC VMM communication",
                                        "#SX security",
                                        "reserved"};
  return vector < 32 ? names[vector] : "interrupt";
}

}  // namespace arch

extern "C" void isr_dispatch(arch::InterruptFrame* frame) {
  std::uint64_t v = frame->vector;
  if (v == 2 && arch::g_nmi_handler != nullptr) {  // no EOI: NMIs are not in service
    arch::g_nmi_handler(*frame);
    return;
  }
  if (v < 32) {
    if (arch::g_exception_handler != nullptr) arch::g_exception_handler(*frame);
    arch::halt_forever();
  }
  if (v == arch::kVectorSpurious) return;  // no EOI for spurious interrupts
  if (arch::g_handlers[v] != nullptr) arch::g_handlers[v](*frame);
  arch::apic::eoi();
}
