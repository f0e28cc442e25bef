// Per-domain console lines (see hv/console.h).
#include "hv/console.h"

#include "hv/irq_lock.h"
#include "hv/log.h"

namespace hv::console {
namespace {

IrqSpinLock g_lock;
constexpr std::size_t kWrapAt = 290;

void flush_locked(Domain& d) {
  if (d.console_line.size() == 0) return;
  log::info("[d{}] {}", d.id, d.console_line.view());
  d.console_line.clear();
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
  put_locked(d, c);
}

void write(Domain& d, std::string_view text) {
  IrqGuard g(g_lock);
  for (char c : text) put_locked(d, c);
}

void flush(Domain& d) {
  IrqGuard g(g_lock);
  flush_locked(d);
}

}  // namespace hv::console
