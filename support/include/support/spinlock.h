// Ticket spinlock (fair, FIFO) and a no-op lock with the same interface, so
// portable code can take its lock type as a template parameter: the
// hypervisor passes SpinLock (or its IRQ-saving wrapper in arch/), host
// tests pass NoLock. Guard<L> is the scoped holder.
#pragma once

#include <atomic>
#include <cstdint>

namespace support {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

class SpinLock {
 public:
  void lock() {
    std::uint32_t ticket = next_.fetch_add(1, std::memory_order_relaxed);
    while (serving_.load(std::memory_order_acquire) != ticket) cpu_relax();
  }
  bool try_lock() {
    std::uint32_t serving = serving_.load(std::memory_order_relaxed);
    std::uint32_t expected = serving;
    return next_.compare_exchange_strong(expected, serving + 1, std::memory_order_acquire,
                                         std::memory_order_relaxed);
  }
  void unlock() {
    serving_.store(serving_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  bool is_locked() const {
    return next_.load(std::memory_order_relaxed) != serving_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<std::uint32_t> next_{0};
  std::atomic<std::uint32_t> serving_{0};
};

class NoLock {
 public:
  void lock() {}
  bool try_lock() { return true; }
  void unlock() {}
};

template <typename Lock>
class Guard {
 public:
  explicit Guard(Lock& l) : lock_(l) { lock_.lock(); }
  ~Guard() { lock_.unlock(); }
  Guard(const Guard&) = delete;
  Guard& operator=(const Guard&) = delete;

 private:
  Lock& lock_;
};

}  // namespace support
