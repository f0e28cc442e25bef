// Secondary vCPUs (index 1..7) for guests that want them. A guest that
// calls start_secondary_vcpus() (and so must define guest_secondary_main())
// gets its other vCPUs waiting in the PVH entry (pvh_entry.S) until vCPU 0
// makes that call; each then enters long mode on the runtime's page tables,
// loads the runtime's IDT and runs guest_secondary_main(index) on its own
// 8 KiB stack, and halts if that returns. Other guests keep their other
// vCPUs halted. The runtime's other helpers (console, time, timer) are
// vCPU 0's: a secondary may issue hypercalls but shares no runtime state,
// so the guest does its own synchronization (atomics) between vCPUs.
#pragma once

#include <cstdint>

namespace guest {

// Releases every secondary vCPU of this domain (call once, from vCPU 0).
void start_secondary_vcpus();

}  // namespace guest

// Defined by a guest that runs code on its secondary vCPUs.
extern "C" void guest_secondary_main(std::uint32_t index);
