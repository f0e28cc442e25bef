// The legacy 8259 interrupt controllers. Firmware leaves them routing the
// PIT's IRQ 0 to vector 8, which would look like a double fault once
// interrupts are on; Tactus remaps them above the exception vectors and
// masks every line (interrupts come through the local APIC). BSP, once.
#pragma once

namespace arch {

void disable_legacy_pic();

}  // namespace arch
