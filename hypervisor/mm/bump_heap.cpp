// Boot-time bump heap (see mm/bump_heap.h). No locking: caller serializes.
#include "mm/bump_heap.h"

namespace mm {

void BumpHeap::init(void* start, std::size_t size) {
  start_ = reinterpret_cast<std::uintptr_t>(start);
  capacity_ = start_ == 0 ? 0 : size;
  if (capacity_ > ~std::uintptr_t{0} - start_) capacity_ = ~std::uintptr_t{0} - start_;
  used_ = 0;
  failures_ = 0;
}

void* BumpHeap::allocate(std::size_t size, std::size_t align) {
  if (size == 0 || align == 0 || (align & (align - 1)) != 0) {
    ++failures_;
    return nullptr;
  }
  std::uintptr_t cur = start_ + used_;
  std::uintptr_t pad = (align - (cur & (align - 1))) & (align - 1);
  std::size_t left = capacity_ - used_;
  if (pad > left || size > left - pad) {
    ++failures_;
    return nullptr;
  }
  used_ += pad + size;
  return reinterpret_cast<void*>(cur + pad);
}

}  // namespace mm
