// support::on_panic for the hypervisor image: log where and why, then halt
// this CPU (and power the emulator off in test runs so the harness sees it).
#include "arch/cpu.h"
#include "arch/emulator.h"
#include "hv/boot_config.h"
#include "hv/log.h"
#include "support/assert.h"

namespace support {

void on_panic(const char* file, int line, const char* message) {
  hv::log::emergency("PANIC at {}:{}: {}", file, line, message);
  if (hv::boot_config().exit_when_done) arch::emulator_exit(2);
  arch::halt_forever();
}

}  // namespace support
