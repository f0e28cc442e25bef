// Per-CPU descriptor tables (GDT with a TSS and IST stacks), the shared IDT,
// and the interrupt/exception dispatch path. The IDT is built once by the
// BSP before any AP starts; handler registration happens during boot only
// (single CPU), after which the tables are read-only. No locking.
#pragma once

#include <cstdint>

namespace arch {

// Saved by the assembly stubs in isr.S, in this order (lowest address first).
struct InterruptFrame {
  std::uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
  std::uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
  std::uint64_t vector, error_code;
  std::uint64_t rip, cs, rflags, rsp, ss;
};

struct [[gnu::packed]] Tss {
  std::uint32_t reserved0;
  std::uint64_t rsp[3];
  std::uint64_t reserved1;
  std::uint64_t ist[7];
  std::uint64_t reserved2;
  std::uint16_t reserved3;
  std::uint16_t iomap_base;
};

constexpr unsigned kIstStackSize = 8192;
constexpr unsigned kIstStacks = 3;  // 1: double fault, 2: NMI, 3: machine check

struct CpuTables {
  alignas(16) std::uint64_t gdt[5];  // null, code64 (0x08), data (0x10), TSS (0x18, two slots)
  Tss tss;
  alignas(16) std::uint8_t ist_stacks[kIstStacks][kIstStackSize];
};

constexpr std::uint16_t kKernelCode = 0x08;
constexpr std::uint16_t kKernelData = 0x10;
constexpr std::uint16_t kTssSelector = 0x18;

// Vectors Tactus assigns (0-31 are exceptions).
constexpr std::uint8_t kVectorTimer = 0xf0;
constexpr std::uint8_t kVectorIpiPing = 0xf1;
constexpr std::uint8_t kVectorIpiPong = 0xf2;
constexpr std::uint8_t kVectorIpiWake = 0xf3;
constexpr std::uint8_t kVectorSerial = 0xf4;
constexpr std::uint8_t kVectorSpurious = 0xff;

using InterruptHandler = void (*)(InterruptFrame& frame);
using ExceptionHandler = void (*)(InterruptFrame& frame);

// Builds the shared IDT (once, BSP).
void init_idt();
// Loads this CPU's GDT, segment registers, TSS and the IDT.
void load_cpu_tables(CpuTables& tables);
// Registers a handler for an interrupt vector (32..255); the dispatcher
// signals end-of-interrupt to the local APIC after it returns.
void set_interrupt_handler(std::uint8_t vector, InterruptHandler handler);
// Registers the handler for CPU exceptions (vectors 0..31). It must not return
// for faults it cannot resolve.
void set_exception_handler(ExceptionHandler handler);
// Registers the handler for NMIs (vector 2), which returns: an NMI is an
// event, not a fault. Without one an NMI is reported as an exception.
void set_nmi_handler(InterruptHandler handler);

const char* exception_name(std::uint64_t vector);

}  // namespace arch
