// The paravirtual guest runtime shared by every Tactus guest (and, later,
// the management domain): start-of-day information, console output through
// the console hypercall, shutdown. A guest provides guest_main(). Single
// vCPU guests in this version: no locking.
#pragma once

#include <cstdint>
#include <string_view>

#include "support/format.h"
#include "tactus/abi.h"
#include "tactus/start_info.h"

namespace guest {

const tactus::abi::StartInfo& start_info();
std::string_view cmdline();
std::uint64_t memory_bytes();
bool running_on_tactus();

void console_write(std::string_view text);

template <typename... Args>
void print(std::string_view fmt, const Args&... args) {
  support::FixedString<256> line;
  support::format_to(line.sink(), fmt, args...);
  console_write(line.view());
}

[[noreturn]] void shutdown(tactus::abi::ShutdownReason reason);

}  // namespace guest

// Implemented by each guest.
void guest_main();
