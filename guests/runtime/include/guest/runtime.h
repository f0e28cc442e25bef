// The paravirtual guest runtime shared by every Tactus guest (and, later,
// the management domain): start-of-day information, console output through
// the console hypercall, time from the shared-info page, the one-shot
// timer, blocking and yielding, a calibrated unit of CPU work, shutdown.
// A guest provides guest_main(), which runs on vCPU 0; these helpers are
// vCPU 0's (no locking). Other vCPUs halt unless the guest asks for them
// (guest/secondary.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "support/format.h"
#include "tactus/abi.h"
#include "tactus/shared_info.h"
#include "tactus/start_info.h"

namespace guest {

const tactus::abi::StartInfo& start_info();
std::string_view cmdline();
std::uint64_t memory_bytes();
bool running_on_tactus();

void console_write(std::string_view text);

// This domain's id, whether it is privileged, and its shared-info page.
std::uint32_t domain_id();
bool privileged();
tactus::abi::SharedInfo& shared_info();

// Hypervisor time in nanoseconds (the clock the one-shot timer uses).
std::uint64_t now_ns();
// Arms the one-shot timer at an absolute time (0 cancels).
void set_timer(std::uint64_t deadline_ns);
// Waits until the timer fires or an event arrives (returns at once if one
// arrived since the last block).
void block();
void yield();
// Spends `us` microseconds of CPU in a calibrated loop (calibrated once at
// start-up against now_ns()). Time the vCPU is not running does not count.
void work_us(std::uint64_t us);
// CPU time this vCPU has received from the hypervisor so far, in ns.
std::uint64_t cpu_time_ns();
std::uint64_t work_loops_per_ms();

template <typename... Args>
void print(std::string_view fmt, const Args&... args) {
  support::FixedString<256> line;
  support::format_to(line.sink(), fmt, args...);
  console_write(line.view());
}

[[noreturn]] void shutdown(tactus::abi::ShutdownReason reason);

}  // namespace guest

// Implemented by each guest (guest_secondary_main too, for guests that run
// code on more than one vCPU: guest/secondary.h).
void guest_main();
