// Thin wrappers over x86-64 instructions: CPUID, MSRs, control registers,
// TSC, interrupts flag, halt, port I/O. Every inline-assembly statement of
// the hypervisor that is not in a .S file lives here. No state, no locking.
#pragma once

#include <cstdint>

namespace arch {

struct CpuidResult {
  std::uint32_t eax, ebx, ecx, edx;
};

inline CpuidResult cpuid(std::uint32_t leaf, std::uint32_t subleaf = 0) {
  CpuidResult r;
  asm volatile("cpuid"
               : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
               : "a"(leaf), "c"(subleaf));
  return r;
}

inline std::uint64_t rdmsr(std::uint32_t msr) {
  std::uint32_t lo, hi;
  asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

inline void wrmsr(std::uint32_t msr, std::uint64_t v) {
  asm volatile("wrmsr" ::"c"(msr), "a"(static_cast<std::uint32_t>(v)),
               "d"(static_cast<std::uint32_t>(v >> 32))
               : "memory");
}

inline std::uint64_t rdtsc() {
  std::uint32_t lo, hi;
  asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
  return (static_cast<std::uint64_t>(hi) << 32) | lo;
}

#define TACTUS_CR_ACCESSORS(n)                    \
  inline std::uint64_t read_cr##n() {             \
    std::uint64_t v;                              \
    asm volatile("mov %%cr" #n ", %0" : "=r"(v)); \
    return v;                                     \
  }                                               \
  inline void write_cr##n(std::uint64_t v) { asm volatile("mov %0, %%cr" #n ::"r"(v) : "memory"); }
TACTUS_CR_ACCESSORS(0)
TACTUS_CR_ACCESSORS(2)
TACTUS_CR_ACCESSORS(3)
TACTUS_CR_ACCESSORS(4)
#undef TACTUS_CR_ACCESSORS

// Debug registers: DR0-DR3 (breakpoint addresses) and DR6 (status) are not
// in the VMCS, so guests' values are switched per vCPU (vmx_guest.h).
#define TACTUS_DR_ACCESSORS(n)                    \
  inline std::uint64_t read_dr##n() {             \
    std::uint64_t v;                              \
    asm volatile("mov %%db" #n ", %0" : "=r"(v)); \
    return v;                                     \
  }                                               \
  inline void write_dr##n(std::uint64_t v) { asm volatile("mov %0, %%db" #n ::"r"(v) : "memory"); }
TACTUS_DR_ACCESSORS(0)
TACTUS_DR_ACCESSORS(1)
TACTUS_DR_ACCESSORS(2)
TACTUS_DR_ACCESSORS(3)
TACTUS_DR_ACCESSORS(6)
#undef TACTUS_DR_ACCESSORS

// Runs this CPU's NMI handler through the IDT (vector 2, its IST stack), as
// an NMI would; its IRET ends the NMI blocking a VM exit for an NMI leaves.
inline void invoke_nmi_handler() { asm volatile("int $2" ::: "memory"); }

inline std::uint64_t read_rflags() {
  std::uint64_t v;
  asm volatile("pushfq; popq %0" : "=r"(v));
  return v;
}

inline void irq_enable() { asm volatile("sti" ::: "memory"); }
inline void irq_disable() { asm volatile("cli" ::: "memory"); }
inline bool irq_enabled() { return (read_rflags() & (1u << 9)) != 0; }
// Enables interrupts and halts atomically (the sti shadow covers the hlt).
inline void irq_enable_and_halt() { asm volatile("sti; hlt" ::: "memory"); }
inline void halt() { asm volatile("hlt" ::: "memory"); }
// UD2: raises #UD here (the inject_fault test).
inline void execute_invalid_opcode() { asm volatile("ud2"); }
// Opens an interrupt window of one instruction (after the STI shadow), so
// pending interrupts are taken through the IDT, then closes it.
inline void take_pending_interrupts() { asm volatile("sti; nop; cli" ::: "memory"); }

[[noreturn]] inline void halt_forever() {
  for (;;) asm volatile("cli; hlt" ::: "memory");
}

inline void outb(std::uint16_t port, std::uint8_t v) {
  asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
inline void outw(std::uint16_t port, std::uint16_t v) {
  asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
inline std::uint8_t inb(std::uint16_t port) {
  std::uint8_t v;
  asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

inline std::uint64_t read_rbp() {
  std::uint64_t v;
  asm volatile("mov %%rbp, %0" : "=r"(v));
  return v;
}

// Guest x87/SSE state, saved with FXSAVE64 when a vCPU leaves a pCPU and
// restored with FXRSTOR64 when one enters. The hypervisor itself is built
// with -mgeneral-regs-only, so between the two the registers hold guest
// state untouched. Guests are not offered XSAVE (CPUID hides it), so the
// 512-byte area is the whole of their extended state.
struct alignas(16) FpuArea {
  std::uint8_t bytes[512];
};
// The state after FNINIT with SSE exceptions masked: FCW 0x37f, MXCSR 0x1f80.
inline void fpu_reset_area(FpuArea& a) {
  for (auto& b : a.bytes) b = 0;
  a.bytes[0] = 0x7f, a.bytes[1] = 0x03;    // FCW
  a.bytes[24] = 0x80, a.bytes[25] = 0x1f;  // MXCSR
  a.bytes[28] = 0xff, a.bytes[29] = 0xff;  // MXCSR_MASK (ignored by FXRSTOR)
}
inline void fxsave(FpuArea& a) { asm volatile("fxsave64 %0" : "=m"(a)); }
inline void fxrstor(const FpuArea& a) { asm volatile("fxrstor64 %0" ::"m"(a)); }
// CR4.OSFXSR and OSXMMEXCPT, so FXSAVE/FXRSTOR cover the XMM registers; CR0.MP.
inline void enable_fxsr() {
  write_cr4(read_cr4() | (1ull << 9) | (1ull << 10));
  write_cr0((read_cr0() | (1ull << 1)) & ~((1ull << 2) | (1ull << 3)));  // MP set, EM and TS clear
}

// Saves and restores the interrupt flag around a critical section.
class IrqSave {
 public:
  IrqSave() : was_enabled_(irq_enabled()) { irq_disable(); }
  ~IrqSave() {
    if (was_enabled_) irq_enable();
  }
  IrqSave(const IrqSave&) = delete;
  IrqSave& operator=(const IrqSave&) = delete;

 private:
  bool was_enabled_;
};

}  // namespace arch

namespace arch {

// Per-CPU pointer in GS base. The pointed-to object's first member must be a
// pointer to itself, so cpu_local() is one load from %gs:0.
inline void set_cpu_local(void* self) { wrmsr(0xc0000101, reinterpret_cast<std::uint64_t>(self)); }
template <typename T>
inline T* cpu_local() {
  T* p;
  asm volatile("mov %%gs:0, %0" : "=r"(p));
  return p;
}

}  // namespace arch
