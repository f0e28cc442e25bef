// Guest interrupt handling: an IDT whose exception vectors report the fault
// on the console and shut the domain down as crashed (instead of a silent
// triple fault), and one vector for the event-channel upcall. Set up once
// by vCPU 0 before it enables interrupts; secondary vCPUs load the same
// table afterwards (read-only for them); no locking.
#pragma once

#include <cstdint>

namespace guest {

// Loads the IDT (exceptions only). Called by the runtime before guest_main.
void init_interrupts();
// Loads that IDT on the calling vCPU (secondary vCPUs, guest/secondary.h).
void load_interrupts();
// Routes `vector` (0x20..0xff) to `handler`, registers it with the
// hypervisor as the upcall vector and enables interrupts. The handler runs
// with interrupts off and must be short. Returns the hypercall result.
std::int64_t set_upcall_handler(std::uint8_t vector, void (*handler)());

}  // namespace guest
