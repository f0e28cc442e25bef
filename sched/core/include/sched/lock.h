// The lock a scheduler instance protects its state with, injected by the
// client: the hypervisor wraps support::SpinLock with "interrupts off" (its
// own Lock subclass in hypervisor/, saving the IRQ flag inside the object
// while held), host tests and the simulator use NoLockAdapter. The scheduler
// takes it inside every public method; clients never hold it themselves.
//
// Cost: a real lock is two virtual calls per scheduler method. A lock that
// does nothing (support::NoLock: single-threaded tests, the simulator, the
// benchmark) says so once at construction (`elided()`), and LockGuard then
// skips both calls; every other lock, e.g. the hypervisor's, is called as
// before.
#pragma once

#include <type_traits>

#include "support/spinlock.h"

namespace sched {

class Lock {
 public:
  virtual void lock() = 0;
  virtual void unlock() = 0;
  // True only for a lock whose lock()/unlock() do nothing (NoLock).
  bool elided() const { return elided_; }

 protected:
  Lock() = default;
  explicit Lock(bool elided) : elided_(elided) {}
  ~Lock() = default;

 private:
  bool elided_ = false;
};

// Adapts any type with lock()/unlock() (support::SpinLock, support::NoLock).
template <typename L>
class BasicLock final : public Lock {
 public:
  BasicLock() : Lock(std::is_same_v<L, support::NoLock>) {}
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
  explicit LockGuard(Lock& l) : lock_(l.elided() ? nullptr : &l) {
    if (lock_ != nullptr) lock_->lock();
  }
  ~LockGuard() {
    if (lock_ != nullptr) lock_->unlock();
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Lock* lock_;  // nullptr: elided
};

}  // namespace sched
