// 16550 UART on COM1: polled output for the kernel console, polled input.
// Callers serialize (the kernel log holds its lock while writing).
#pragma once

#include <cstddef>

namespace arch::serial {

void init();
void write(const char* data, std::size_t len);
// Returns -1 when no byte is waiting.
int try_read();

}  // namespace arch::serial
