// The hypervisor's kernel log: every line goes to the serial console and to
// an in-memory ring (read later by `dmesg`). Lines carry a timestamp since
// boot. A spinlock with interrupts off serializes CPUs; the emergency path
// (exceptions, panics) takes the lock only if it can get it within a bound,
// so a CPU that faults while logging still reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "support/format.h"

namespace hv::log {

void init();
// Writes a line without timestamp (the banner).
void raw_line(std::string_view text);
void line(std::string_view text);
// Bytes as they are: no timestamp, no newline (the management shell's output).
void raw(std::string_view text);
void emergency_line(std::string_view text);

// Copies log bytes from stream offset `offset` (bytes ever logged) into out;
// `first` is where the copy began (later than offset when older bytes were
// overwritten). Returns the bytes copied.
std::size_t read(std::uint64_t offset, char* out, std::size_t len, std::uint64_t& first);

// Console transmission. Synchronous until set_async(true) (when scheduling
// starts); then line() only appends and pump() (called by the scheduling
// loop) refills the UART FIFO without waiting. flush() sends everything,
// waiting (before power-off); emergency lines always flush. When the head
// laps the console, the console skips to recent whole lines and prints one
// note "[console: N bytes of log skipped]" that is not itself logged.
void set_async(bool on);
void pump();
bool tx_pending();
void flush();
// Bytes that can be appended before one the console has not sent is
// overwritten (the console owner's writes wait for room rather than lap it).
std::size_t unsent_room();
// Time the console needs for one FIFO's worth at 115200 baud (10 bits a byte).
constexpr std::uint64_t kFifoDrainNs = 16 * 10 * 1000000000ull / 115200;

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
