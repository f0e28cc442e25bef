// Boot-time heap: hands out aligned pieces of one caller-given virtual range,
// front to back, and never frees. For objects that live as long as the
// hypervisor (per-CPU data, tables sized at boot). No locking: the caller
// serializes (boot runs on the BSP alone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace mm {

class BumpHeap {
 public:
  void init(void* start, std::size_t size);

  // `size` bytes aligned to `align` (a power of two), or nullptr when the heap
  // is exhausted or the arguments are invalid (size 0, bad alignment); every
  // nullptr counts as a failure. Memory is not zeroed.
  void* allocate(std::size_t size, std::size_t align);

  // Placement-constructs a T; nullptr when allocate() fails.
  template <class T, class... A>
  T* make(A&&... args) {
    void* p = allocate(sizeof(T), alignof(T));
    if (p == nullptr) return nullptr;
    return ::new (p) T(std::forward<A>(args)...);
  }

  std::size_t used() const { return used_; }          // bytes consumed, alignment padding included
  std::size_t capacity() const { return capacity_; }
  std::size_t remaining() const { return capacity_ - used_; }
  std::size_t failures() const { return failures_; }

 private:
  std::uintptr_t start_ = 0;
  std::size_t capacity_ = 0;
  std::size_t used_ = 0;
  std::size_t failures_ = 0;
};

}  // namespace mm
