// support spinlock: mutual exclusion under contention from host threads.
#include "support/spinlock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace {

TEST(SpinLock, MutualExclusion) {
  support::SpinLock lock;
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        support::Guard<support::SpinLock> g(lock);
        ++counter;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(counter, 20000);
  EXPECT_FALSE(lock.is_locked());
}

TEST(SpinLock, TryLock) {
  support::SpinLock lock;
  EXPECT_TRUE(lock.try_lock());
  EXPECT_TRUE(lock.is_locked());
  EXPECT_FALSE(lock.try_lock());
  lock.unlock();
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

}  // namespace
