// Uart16550 (uart16550.h). Register layout and interrupt priorities as in
// the National Semiconductor PC16550D data sheet.
#include "vdev/uart16550.h"

namespace vdev {
namespace {

constexpr std::uint8_t kIerRx = 0x01, kIerTx = 0x02, kIerLine = 0x04;
constexpr std::uint8_t kLsrDr = 0x01, kLsrOe = 0x02, kLsrThre = 0x20, kLsrTemt = 0x40;

}  // namespace

std::uint8_t Uart16550::pending_cause() const {
  if ((ier_ & kIerLine) && overrun_) return kIirLine;
  if ((ier_ & kIerRx) && rx_count_ > 0) return kIirRx;
  if ((ier_ & kIerTx) && tx_empty_event_) return kIirTx;
  return kIirNone;
}

void Uart16550::push_rx(std::uint8_t byte) {
  if (rx_count_ == kFifo) {
    overrun_ = true;
    ++overruns_;
    return;
  }
  rx_[(rx_head_ + rx_count_) % kFifo] = byte;
  ++rx_count_;
}

bool Uart16550::receive(std::uint8_t byte) {
  if (rx_count_ == kFifo) return false;
  push_rx(byte);
  return true;
}

std::uint8_t Uart16550::read(unsigned reg) {
  switch (reg) {
    case kData:
      if (dlab()) return dll_;
      if (rx_count_ == 0) return 0;
      {
        const std::uint8_t b = rx_[rx_head_];
        rx_head_ = (rx_head_ + 1) % kFifo;
        --rx_count_;
        return b;
      }
    case kIer:
      return dlab() ? dlm_ : ier_;
    case kIir: {
      const std::uint8_t cause = pending_cause();
      if (cause == kIirTx) tx_empty_event_ = false;  // reading IIR acknowledges THRE
      return static_cast<std::uint8_t>(cause | ((fcr_ & 0x01) ? 0xc0 : 0));
    }
    case kLcr:
      return lcr_;
    case kMcr:
      return mcr_;
    case kLsr: {
      std::uint8_t lsr = kLsrThre | kLsrTemt;
      if (rx_count_ > 0) lsr |= kLsrDr;
      if (overrun_) lsr |= kLsrOe;
      overrun_ = false;
      return lsr;
    }
    case kMsr:
      if (loopback())  // CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2
        return static_cast<std::uint8_t>(((mcr_ & 0x02) << 3) | ((mcr_ & 0x01) << 5) |
                                         ((mcr_ & 0x04) << 4) | ((mcr_ & 0x08) << 4));
      return 0xb0;  // DCD, DSR, CTS: a connected terminal
    case kScr:
      return scr_;
    default:
      return 0xff;
  }
}

Uart16550::WriteResult Uart16550::write(unsigned reg, std::uint8_t value) {
  WriteResult r;
  switch (reg) {
    case kData:
      if (dlab()) {
        dll_ = value;
        break;
      }
      if (loopback())
        push_rx(value);
      else
        r = {true, value};
      tx_empty_event_ = true;  // gone at once: THR is empty again
      break;
    case kIer:
      if (dlab()) {
        dlm_ = value;
        break;
      }
      // Enabling THRE while the holding register is empty raises it.
      if ((value & kIerTx) && !(ier_ & kIerTx)) tx_empty_event_ = true;
      ier_ = value & 0x0f;
      break;
    case kIir: {  // FCR
      const bool enable = value & 0x01;
      if (enable != static_cast<bool>(fcr_ & 0x01) || (value & 0x02)) {
        rx_head_ = rx_count_ = 0;  // toggling the FIFOs or bit 1 clears the receiver
      }
      fcr_ = value & 0xc9;  // enable, DMA mode, trigger level; clear bits self-reset
      break;
    }
    case kLcr:
      lcr_ = value;
      break;
    case kMcr:
      mcr_ = value & 0x1f;
      break;
    case kScr:
      scr_ = value;
      break;
    default:  // LSR, MSR (factory test) and out-of-range offsets
      break;
  }
  return r;
}

}  // namespace vdev
