// 16550 UART on COM1: polled output for the kernel console, polled input.
// Callers serialize (the kernel log holds its lock while writing).
#pragma once

#include <cstddef>

namespace arch::serial {

void init();
// Blocking: waits for the transmitter before every byte ("\n" -> "\r\n").
void write(const char* data, std::size_t len);
// Non-blocking: the transmit FIFO is empty, so up to kFifoBytes may be put
// with put_raw() without waiting.
constexpr std::size_t kFifoBytes = 16;
bool fifo_empty();
void put_raw(char c);
// Waits until the last byte has left the transmitter (before power-off).
void wait_sent();
// Received-data interrupt on (ISA IRQ 4; route it with arch/ioapic.h).
void enable_rx_interrupt();
// Returns -1 when no byte is waiting.
int try_read();

}  // namespace arch::serial
