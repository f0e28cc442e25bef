// Kernel log implementation (see hv/log.h).
#include "hv/log.h"

#include "arch/cpu.h"
#include "arch/serial.h"
#include "arch/tsc.h"
#include "support/spinlock.h"

namespace hv::log {
namespace {

constexpr std::size_t kRingSize = 64 * 1024;

support::SpinLock g_lock;
char g_ring[kRingSize];
std::size_t g_ring_head = 0;     // total bytes ever written
std::size_t g_ring_dropped = 0;  // bytes overwritten before anyone could read them

void append_locked(const char* data, std::size_t len) {
  arch::serial::write(data, len);
  for (std::size_t i = 0; i < len; ++i) g_ring[(g_ring_head + i) % kRingSize] = data[i];
  g_ring_head += len;
  if (g_ring_head > kRingSize) g_ring_dropped = g_ring_head - kRingSize;
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
  if (locked) g_lock.unlock();
}

void snapshot(support::Sink& out) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  std::size_t len = g_ring_head < kRingSize ? g_ring_head : kRingSize;
  std::size_t start = g_ring_head - len;
  for (std::size_t i = 0; i < len; ++i) out.put(g_ring[(start + i) % kRingSize]);
}

std::size_t bytes_dropped_from_ring() { return g_ring_dropped; }

}  // namespace hv::log
