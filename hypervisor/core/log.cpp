// Kernel log implementation (see hv/log.h). The ring (support/log_ring.h)
// is the record; the serial console is a reader of it with its own cursor,
// which skips ahead with one console-only note when the head laps it. Before scheduling
// starts (and on the emergency path) lines go out synchronously; afterwards
// line() only appends, and pump() refills the UART's FIFO without waiting,
// so a log line never holds a CPU for the milliseconds a 115200-baud line
// takes to transmit.
#include "hv/log.h"

#include "arch/cpu.h"
#include "arch/serial.h"
#include "arch/tsc.h"
#include "support/log_ring.h"
#include "support/spinlock.h"

namespace hv::log {
namespace {

constexpr std::size_t kRingSize = 64 * 1024;

support::SpinLock g_lock;
char g_storage[kRingSize];
constinit support::LogRing g_ring{g_storage};
bool g_tx_cr_done = false;  // the '\r' of the '\n' about to be sent went out
bool g_async = false;

// Sends up to one FIFO's worth (blocking == false) or everything.
void pump_locked(bool blocking) {
  char c;
  while (g_ring.tx_peek(c)) {
    if (!arch::serial::fifo_empty()) {
      if (!blocking) return;
      while (!arch::serial::fifo_empty()) support::cpu_relax();
    }
    for (std::size_t n = 0; n < arch::serial::kFifoBytes && g_ring.tx_peek(c); ++n) {
      if (c == '\n' && !g_tx_cr_done) {
        arch::serial::put_raw('\r');
        g_tx_cr_done = true;
        continue;
      }
      arch::serial::put_raw(c);
      g_tx_cr_done = false;
      g_ring.tx_consume();
    }
  }
}

void append_locked(const char* data, std::size_t len) {
  g_ring.append(data, len);
  pump_locked(!g_async);
}

void format_line(support::Sink& out, std::string_view text) {
  std::uint64_t ns = arch::tsc::now_ns();
  support::format_to(out, "[{:5}.{:06}] {}\n", ns / 1000000000, (ns / 1000) % 1000000, text);
}

}  // namespace

void init() { arch::serial::init(); }

void raw_line(std::string_view text) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  append_locked(text.data(), text.size());
  append_locked("\n", 1);
}

void raw(std::string_view text) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  append_locked(text.data(), text.size());
}

void line(std::string_view text) {
  support::FixedString<kMaxLine + 24> out;
  format_line(out.sink(), text);
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  append_locked(out.view().data(), out.size());
}

void emergency_line(std::string_view text) {
  support::FixedString<kMaxLine + 24> out;
  format_line(out.sink(), text);
  arch::IrqSave irq;
  bool locked = false;
  for (int i = 0; i < 1000000 && !(locked = g_lock.try_lock()); ++i) support::cpu_relax();
  append_locked(out.view().data(), out.size());
  pump_locked(true);
  arch::serial::wait_sent();
  if (locked) g_lock.unlock();
}

void set_async(bool on) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  g_async = on;
}

void pump() {
  arch::IrqSave irq;
  if (!g_lock.try_lock()) return;  // someone else is logging and pumps
  pump_locked(false);
  g_lock.unlock();
}

bool tx_pending() { return g_ring.tx_pending(); }

void flush() {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  pump_locked(true);
  arch::serial::wait_sent();
}

std::size_t unsent_room() {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  std::uint64_t unsent = g_ring.head() - g_ring.tx_position();
  return unsent >= kRingSize ? 0 : kRingSize - unsent;
}

std::size_t read(std::uint64_t offset, char* out, std::size_t len, std::uint64_t& first) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  return g_ring.read(offset, out, len, first);
}

}  // namespace hv::log
