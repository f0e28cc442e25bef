// Per-domain console lines (see hv/console.h).
#include "hv/console.h"

#include "arch/apic.h"
#include "arch/interrupts.h"
#include "arch/ioapic.h"
#include "arch/serial.h"
#include "arch/tsc.h"
#include "hv/irq_lock.h"
#include "hv/links.h"
#include "hv/log.h"

namespace hv::console {
namespace {

IrqSpinLock g_lock;
constexpr std::size_t kWrapAt = 290;
constexpr std::size_t kInputSize = 4096;

Domain* g_owner = nullptr;
char g_input[kInputSize];
std::size_t g_in_head = 0, g_in_tail = 0;  // bytes ever queued / read
std::uint64_t g_in_dropped = 0;

void flush_locked(Domain& d) {
  if (d.console_line.size() == 0) return;
  log::info("[d{}] {}", d.id, d.console_line.view());
  d.console_line.clear();
}

void report_dropped_locked(Domain& d) {
  log::info("[d{}] (console: {} bytes dropped over the rate limit, {} in all)", d.id,
            d.console_dropped_unreported, d.console_dropped);
  d.console_dropped_unreported = 0;
}

void drop_locked(Domain& d, std::uint64_t bytes) {
  if (bytes == 0) return;
  if (d.console_dropped_unreported == 0) flush_locked(d);  // no line spliced across a gap
  d.console_dropped += bytes;
  d.console_dropped_unreported += bytes;
}

// Takes what the domain's allowance grants of `want` bytes; a report of
// earlier drops comes first and is paid from the same allowance.
std::size_t admit_locked(Domain& d, std::size_t want) {
  std::uint64_t now = arch::tsc::now_ns();
  if (d.console_dropped_unreported != 0) {
    constexpr std::uint64_t kReportCost = 96;
    if (d.console_quota.take(now, kReportCost) < kReportCost) {
      drop_locked(d, want);
      return 0;
    }
    report_dropped_locked(d);
  }
  std::size_t n = d.console_quota.take(now, want);
  drop_locked(d, want - n);
  return n;
}

void put_locked(Domain& d, char c) {
  if (c == '\n') {
    flush_locked(d);
    return;
  }
  if (c == '\r') return;
  d.console_line.sink().put(c);
  if (d.console_line.size() >= kWrapAt) flush_locked(d);
}

}  // namespace

void put(Domain& d, char c) {
  IrqGuard g(g_lock);
  if (&d == g_owner || admit_locked(d, 1) == 1) put_locked(d, c);
}

bool write(Domain& d, std::string_view text) {
  if (&d == g_owner) {
    log::raw(text);
    return true;
  }
  IrqGuard g(g_lock);
  std::size_t n = admit_locked(d, text.size());
  for (std::size_t i = 0; i < n; ++i) put_locked(d, text[i]);
  return !d.console_quota.empty(arch::tsc::now_ns());
}

void drop(Domain& d, std::uint64_t bytes) {
  IrqGuard g(g_lock);
  drop_locked(d, bytes);
}

// The owner leaves 4 KiB of the ring for the hypervisor's own lines, so
// that one of them does not lap the console while the owner keeps the
// ring full (a long dmesg).
bool has_room(const Domain& d, std::size_t len) {
  constexpr std::size_t kHeadroom = 4096;
  return &d != g_owner || log::unsent_room() >= len + kHeadroom;
}

void set_owner(Domain* d) {
  IrqGuard g(g_lock);
  g_owner = d;
}

bool has_owner() { return g_owner != nullptr; }

namespace {
bool g_input_interrupt = false;
void on_serial(arch::InterruptFrame&) { (void)poll_input(); }
}  // namespace

bool enable_input_interrupt(const acpi::Madt& madt) {
  arch::set_interrupt_handler(arch::kVectorSerial, &on_serial);
  if (!arch::ioapic::route_isa_irq(madt, 4, arch::kVectorSerial, arch::apic::id())) return false;
  arch::serial::enable_rx_interrupt();
  g_input_interrupt = true;
  return true;
}

bool input_interrupt_enabled() { return g_input_interrupt; }

bool is_owner(const Domain& d) { return g_owner == &d; }

bool poll_input() {
  bool arrived = false;
  Domain* owner = nullptr;
  {
    IrqGuard g(g_lock);
    owner = g_owner;
    for (int c; (c = arch::serial::try_read()) >= 0;) {
      if (owner == nullptr) continue;  // nobody listens: input is discarded
      if (g_in_head - g_in_tail == kInputSize) {
        ++g_in_dropped;
        continue;
      }
      g_input[g_in_head++ % kInputSize] = static_cast<char>(c);
      arrived = true;
    }
  }
  if (arrived) links::raise_console_virq(*owner);
  return arrived;
}

std::size_t read(char* out, std::size_t len) {
  IrqGuard g(g_lock);
  std::size_t n = 0;
  for (; n < len && g_in_tail != g_in_head; ++n) out[n] = g_input[g_in_tail++ % kInputSize];
  return n;
}

std::uint64_t input_dropped() { return g_in_dropped; }

void flush(Domain& d) {
  IrqGuard g(g_lock);
  flush_locked(d);
  if (d.console_dropped_unreported != 0) report_dropped_locked(d);
}

}  // namespace hv::console
