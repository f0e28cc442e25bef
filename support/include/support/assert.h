// Assertions and panics. The environment supplies support::on_panic: the
// hypervisor prints to its console and halts the CPU, guests end their
// domain, host builds print to stderr and abort. No locking here.
#pragma once

#include "support/format.h"

namespace support {

[[noreturn]] void on_panic(const char* file, int line, const char* message);

// Formats a message into a bounded buffer and panics with it.
template <typename... Args>
[[noreturn]] void panic_at(const char* file, int line, std::string_view fmt, const Args&... args) {
  char buf[256];
  format_buf(buf, fmt, args...);
  on_panic(file, line, buf);
}

}  // namespace support

#define TACTUS_PANIC(...) ::support::panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define TACTUS_ASSERT(cond)                                                   \
  do {                                                                        \
    if (!(cond)) [[unlikely]]                                                 \
      ::support::panic_at(__FILE__, __LINE__, "assertion failed: {}", #cond); \
  } while (0)
