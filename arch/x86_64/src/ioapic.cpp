// I/O APIC redirection (see arch/ioapic.h). Register layout: Intel 82093AA
// datasheet (IOREGSEL at +0, IOWIN at +0x10; version register 1 holds the
// highest redirection entry; entry n is registers 0x10 + 2n and 0x11 + 2n).
#include "arch/ioapic.h"

namespace arch::ioapic {
namespace {

std::uint32_t read(std::uint64_t base, std::uint32_t reg) {
  *reinterpret_cast<volatile std::uint32_t*>(base) = reg;
  return *reinterpret_cast<volatile std::uint32_t*>(base + 0x10);
}

void write(std::uint64_t base, std::uint32_t reg, std::uint32_t value) {
  *reinterpret_cast<volatile std::uint32_t*>(base) = reg;
  *reinterpret_cast<volatile std::uint32_t*>(base + 0x10) = value;
}

}  // namespace

bool route_isa_irq(const acpi::Madt& madt, std::uint8_t irq, std::uint8_t vector,
                   std::uint32_t apic_id) {
  std::uint32_t gsi = irq;
  std::uint16_t flags = 0;
  for (std::size_t i = 0; i < madt.override_count; ++i)
    if (madt.overrides[i].bus == 0 && madt.overrides[i].source == irq) {
      gsi = madt.overrides[i].gsi;
      flags = madt.overrides[i].flags;
    }
  if (apic_id > 0xff) return false;  // physical destinations above 255 need remapping
  for (std::size_t i = 0; i < madt.ioapic_count; ++i) {
    const acpi::IoApic& io = madt.ioapics[i];
    std::uint32_t entries = ((read(io.address, 1) >> 16) & 0xff) + 1;
    if (gsi < io.gsi_base || gsi >= io.gsi_base + entries) continue;
    std::uint32_t pin = gsi - io.gsi_base;
    bool active_low = (flags & 3) == 3;    // ISA default: active high
    bool level = ((flags >> 2) & 3) == 3;  // ISA default: edge
    std::uint32_t low = vector | (active_low ? 1u << 13 : 0) | (level ? 1u << 15 : 0);
    write(io.address, 0x11 + 2 * pin, apic_id << 24);
    write(io.address, 0x10 + 2 * pin, low);  // unmasked last
    return true;
  }
  return false;
}

}  // namespace arch::ioapic
