// A ticket spinlock that also keeps interrupts off while held, for state
// shared between CPUs that interrupt handlers may touch as well. It is a
// sched::Lock, so scheduler instances take it directly. The saved flag lives
// in the lock object: only its holder reads or writes it.
#pragma once

#include "arch/cpu.h"
#include "sched/lock.h"
#include "support/spinlock.h"

namespace hv {

class IrqSpinLock final : public sched::Lock {
 public:
  void lock() override {
    bool was_enabled = arch::irq_enabled();
    arch::irq_disable();
    lock_.lock();
    irq_was_enabled_ = was_enabled;
  }
  void unlock() override {
    bool was_enabled = irq_was_enabled_;
    lock_.unlock();
    if (was_enabled) arch::irq_enable();
  }

 private:
  support::SpinLock lock_;
  bool irq_was_enabled_ = false;
};

using IrqGuard = sched::LockGuard;

}  // namespace hv
