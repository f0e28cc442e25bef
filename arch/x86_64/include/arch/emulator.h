// Emulator conveniences used only when the boot command line asks for them
// (test runs): ask Bochs (port 0x8900 "Shutdown") or QEMU (isa-debug-exit
// at 0xf4) to power off. On real hardware these ports are left alone
// because nothing calls this without `exit_when_done`.
#pragma once

namespace arch {

[[noreturn]] void emulator_exit(int code);

}  // namespace arch
