// 16550 UART driver for COM1 (I/O 0x3f8), 115200 8N1, FIFOs on, polled;
// blocking writes for boot and emergencies, non-blocking FIFO refills otherwise.
#include "arch/serial.h"

#include "arch/cpu.h"

namespace arch::serial {
namespace {

constexpr std::uint16_t kCom1 = 0x3f8;
constexpr std::uint16_t kData = kCom1 + 0, kIer = kCom1 + 1, kFcr = kCom1 + 2, kLcr = kCom1 + 3,
                        kMcr = kCom1 + 4, kLsr = kCom1 + 5;
constexpr std::uint8_t kLsrDataReady = 0x01, kLsrThrEmpty = 0x20;

void put(char c) {
  while ((inb(kLsr) & kLsrThrEmpty) == 0) {
  }
  outb(kData, static_cast<std::uint8_t>(c));
}

}  // namespace

void init() {
  outb(kIer, 0x00);   // no interrupts
  outb(kLcr, 0x80);   // DLAB on
  outb(kData, 0x01);  // divisor 1: 115200 baud
  outb(kIer, 0x00);
  outb(kLcr, 0x03);  // 8N1, DLAB off
  outb(kFcr, 0xc7);  // FIFOs on and cleared, 14-byte threshold
  outb(kMcr, 0x0b);  // DTR, RTS, OUT2
}

void write(const char* data, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) {
    if (data[i] == '\n') put('\r');
    put(data[i]);
  }
}

bool fifo_empty() { return (inb(kLsr) & kLsrThrEmpty) != 0; }

void wait_sent() {
  constexpr std::uint8_t kLsrTransmitterEmpty = 0x40;
  while ((inb(kLsr) & kLsrTransmitterEmpty) == 0) {
  }
}

void put_raw(char c) { outb(kData, static_cast<std::uint8_t>(c)); }

void enable_rx_interrupt() {
  outb(kFcr, 0x07);  // FIFOs on, receive trigger at 1 byte: typed keys interrupt at once
  outb(kIer, 0x01);
}

int try_read() {
  if ((inb(kLsr) & kLsrDataReady) == 0) return -1;
  return inb(kData);
}

}  // namespace arch::serial
