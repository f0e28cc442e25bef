// Secondary vCPU start (see guest/secondary.h): the go flag vCPU 0 sets,
// and the 64-bit entry the waiting vCPUs call. The flag is written once by
// vCPU 0 and read by the others (an atomic release/acquire pair).
#include "guest/secondary.h"

#include <atomic>

#include "arch/cpu.h"
#include "guest/interrupts.h"

extern "C" std::uint32_t guest_secondaries_go;  // pvh_entry.S, in .data

// Only guests that run secondary vCPUs define it; pvh_entry.S never calls
// guest_secondary_entry in the others.
#pragma weak guest_secondary_main

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
