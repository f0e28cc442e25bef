// The 64-bit IDT gate and the IDTR image (Intel SDM vol. 3, 6.14.1), shared
// by the hypervisor's IDT and the guest runtime's: the one place that
// encodes a gate. Plain values and one inline instruction; no state.
#pragma once

#include <cstdint>

namespace arch {

struct [[gnu::packed]] IdtGate {
  std::uint16_t offset_low;
  std::uint16_t selector;
  std::uint8_t ist;
  std::uint8_t type_attr;
  std::uint16_t offset_mid;
  std::uint32_t offset_high;
  std::uint32_t reserved;
};
static_assert(sizeof(IdtGate) == 16);

struct [[gnu::packed]] DescriptorPointer {
  std::uint16_t limit;
  std::uint64_t base;
};

// A present, DPL 0, 64-bit interrupt gate to `handler` in code segment
// `selector`, on IST stack `ist` (0: the current stack).
constexpr IdtGate interrupt_gate(std::uint64_t handler, std::uint16_t selector,
                                 std::uint8_t ist = 0) {
  return IdtGate{static_cast<std::uint16_t>(handler),
                 selector,
                 ist,
                 0x8e,
                 static_cast<std::uint16_t>(handler >> 16),
                 static_cast<std::uint32_t>(handler >> 32),
                 0};
}

inline void load_idt(const IdtGate* table, std::uint16_t entries) {
  DescriptorPointer p{static_cast<std::uint16_t>(entries * sizeof(IdtGate) - 1),
                      reinterpret_cast<std::uint64_t>(table)};
  asm volatile("lidt %0" ::"m"(p));
}

}  // namespace arch
