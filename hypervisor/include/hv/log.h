// The hypervisor's kernel log: every line goes to the serial console and to
// an in-memory ring (read later by `dmesg`). Lines carry a timestamp since
// boot. A spinlock with interrupts off serializes CPUs; the emergency path
// (exceptions, panics) takes the lock only if it can get it within a bound,
// so a CPU that faults while logging still reports.
#pragma once

#include <cstddef>
#include <string_view>

#include "support/format.h"

namespace hv::log {

void init();
// Writes a line without timestamp (the banner).
void raw_line(std::string_view text);
void line(std::string_view text);
void emergency_line(std::string_view text);

// Copies the ring's contents, oldest first, into `out`.
void snapshot(support::Sink& out);
std::size_t bytes_dropped_from_ring();

constexpr std::size_t kMaxLine = 320;

template <typename... Args>
void info(std::string_view fmt, const Args&... args) {
  support::FixedString<kMaxLine> text;
  support::format_to(text.sink(), fmt, args...);
  line(text.view());
}

template <typename... Args>
void emergency(std::string_view fmt, const Args&... args) {
  support::FixedString<kMaxLine> text;
  support::format_to(text.sink(), fmt, args...);
  emergency_line(text.view());
}

}  // namespace hv::log
