// Emulator power-off for test runs (see emulator.h).
#include "arch/emulator.h"

#include "arch/cpu.h"

namespace arch {

void emulator_exit(int code) {
  // QEMU isa-debug-exit: the process exits with (value << 1) | 1.
  outb(0xf4, static_cast<std::uint8_t>(code));
  // Bochs: the bytes "Shutdown" on port 0x8900.
  for (const char* p = "Shutdown"; *p != '\0'; ++p) outb(0x8900, static_cast<std::uint8_t>(*p));
  halt_forever();
}

}  // namespace arch
