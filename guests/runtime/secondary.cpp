// Secondary vCPU start (see guest/secondary.h): the go flag vCPU 0 sets,
// the secondaries' stacks and the 64-bit entry the waiting vCPUs call. The
// flag is written once by vCPU 0 and read by the others (release/acquire).
#include "guest/secondary.h"

#include <atomic>

#include "arch/cpu.h"
#include "guest/interrupts.h"

// pvh_entry.S refers to these three weakly: this file is linked only into
// guests that call start_secondary_vcpus(), so the others neither carry
// the stacks nor start their secondary vCPUs. The flag is in .data, not
// .bss, because vCPU 0 zeroes .bss while the others already wait on it.
extern "C" {
__attribute__((section(".data"))) std::uint32_t guest_secondaries_go = 0;
// 8 KiB (1 << 13, pvh_entry.S) per vCPU index; index 0's is unused.
alignas(16) std::uint8_t guest_secondary_stacks[8 * 8192];
}

namespace guest {

void start_secondary_vcpus() {
  std::atomic_ref<std::uint32_t>(guest_secondaries_go).store(1, std::memory_order_release);
}

}  // namespace guest

extern "C" [[noreturn]] void guest_secondary_entry(std::uint32_t index) {
  guest::load_interrupts();
  guest_secondary_main(index);
  for (;;) arch::halt();
}
