// I/O APIC: routing one ISA interrupt (after the MADT's source overrides) to
// a vector on one CPU. Used for the serial console's receive interrupt.
// Called by the BSP during boot only; no locking.
#pragma once

#include <cstdint>

#include "acpi/madt.h"

namespace arch::ioapic {

// Routes ISA IRQ `irq` to `vector` on the CPU with local APIC id `apic_id`
// (fixed delivery, physical destination, polarity and trigger from the
// override or ISA defaults: active high, edge). False when no I/O APIC of
// the MADT serves the interrupt's GSI.
bool route_isa_irq(const acpi::Madt& madt, std::uint8_t irq, std::uint8_t vector,
                   std::uint32_t apic_id);

}  // namespace arch::ioapic
