// Uart16550: the register model of one emulated 16550A UART (COM1 of a
// domain), for guests that drive a serial port themselves (Linux's 8250
// driver, issue 18). Portable: no I/O, no time; the hypervisor maps port
// accesses to read()/write(), feeds console input through receive() and
// sends every transmitted byte where write() says.
//
// What a driver can observe is that of a 16550A at an infinite baud rate:
// the transmitter is always empty (LSR.THRE|TEMT), a byte written to THR
// leaves at once (or loops back into the receiver in loopback mode), the
// receiver holds a 16-byte FIFO (a byte that does not fit is dropped and
// sets LSR.OE), IIR reports the highest-priority pending cause with the
// FIFO bits when FCR.0 is set, and the modem lines read as a connected
// line (DCD, DSR, CTS) or, in loopback, as MCR's outputs. The divisor
// latch and scratch register hold what is written. No locking: the caller
// serializes (the domain's UART lock).
#pragma once

#include <cstdint>

namespace vdev {

class Uart16550 {
 public:
  static constexpr unsigned kRegisters = 8;  // ports base .. base+7
  static constexpr unsigned kFifo = 16;
  // Register offsets (DLAB = 0; with DLAB = 1, 0 and 1 are the divisor).
  enum Reg : unsigned {
    kData = 0,  // RBR / THR
    kIer = 1,
    kIir = 2,  // IIR on read, FCR on write
    kLcr = 3,
    kMcr = 4,
    kLsr = 5,
    kMsr = 6,
    kScr = 7,
  };

  // The effect of a register write: a byte to send to the console.
  struct WriteResult {
    bool transmitted = false;
    std::uint8_t byte = 0;
  };

  // reg is the offset from the base port (0..7; others read 0xff and
  // ignore writes, so a caller can pass port - base unchecked).
  std::uint8_t read(unsigned reg);
  WriteResult write(unsigned reg, std::uint8_t value);

  // Console input. false (nothing changes) when the receive FIFO is full:
  // the caller keeps the byte and offers it again after the guest read.
  bool receive(std::uint8_t byte);
  bool receive_room() const { return rx_count_ < kFifo; }

  // The interrupt line (IRQ 4 for COM1): some enabled cause is pending.
  bool interrupt() const { return pending_cause() != kIirNone; }

  // Bytes the guest lost because it did not read in time (LSR.OE events).
  std::uint32_t overruns() const { return overruns_; }

 private:
  static constexpr std::uint8_t kIirNone = 0x01, kIirLine = 0x06, kIirRx = 0x04, kIirTx = 0x02;
  std::uint8_t pending_cause() const;
  bool dlab() const { return lcr_ & 0x80; }
  bool loopback() const { return mcr_ & 0x10; }
  void push_rx(std::uint8_t byte);

  std::uint8_t rx_[kFifo] = {};
  unsigned rx_head_ = 0, rx_count_ = 0;
  std::uint8_t ier_ = 0, fcr_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0;
  std::uint8_t dll_ = 0x0c, dlm_ = 0;  // 9600 baud, as a PC BIOS leaves it
  bool tx_empty_event_ = false;        // THRE interrupt not yet acknowledged
  bool overrun_ = false;               // LSR.OE, cleared by reading LSR
  std::uint32_t overruns_ = 0;
};

}  // namespace vdev
