// The lock a scheduler instance protects its state with, injected by the
// client: the hypervisor wraps support::SpinLock with "interrupts off" (its
// own Lock subclass in hypervisor/, saving the IRQ flag inside the object
// while held), host tests and the simulator use NoLockAdapter. The scheduler
// takes it inside every public method; clients never hold it themselves.
#pragma once

#include "support/spinlock.h"

namespace sched {

class Lock {
 public:
  virtual void lock() = 0;
  virtual void unlock() = 0;

 protected:
  ~Lock() = default;
};

// Adapts any type with lock()/unlock() (support::SpinLock, support::NoLock).
template <typename L>
class BasicLock final : public Lock {
 public:
  void lock() override { impl_.lock(); }
  void unlock() override { impl_.unlock(); }
  L& impl() { return impl_; }

 private:
  L impl_;
};

using NoLockAdapter = BasicLock<support::NoLock>;
using SpinLockAdapter = BasicLock<support::SpinLock>;  // no IRQ masking: host threads only

// Scoped holder used inside the scheduler.
class LockGuard {
 public:
  explicit LockGuard(Lock& l) : lock_(l) { lock_.lock(); }
  ~LockGuard() { lock_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock& lock_;
};

}  // namespace sched
