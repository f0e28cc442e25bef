// A set of small indices (pCPUs, domains) as a bitmap: set/test in O(1),
// ascending iteration and "take the lowest" in word tests over the range of
// words that set() has touched since the last clear (so an empty or sparse
// set costs next to nothing however large it is). The
// engine keeps which pCPUs must reschedule and which domains an instant
// touched in these, so handling an instant costs what changed in it, not a
// scan of every pCPU and domain. Sized once; no allocation afterwards.
// Owned by one engine; no locking.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim {

class IndexSet {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  void resize(std::size_t n) {
    size_ = n;
    words_.assign((n + 63) / 64, 0);
    lo_ = words_.size();
    hi_ = 0;
  }
  std::size_t size() const { return size_; }
  void set(std::size_t i) {
    if (i >= size_) return;
    const std::size_t k = i / 64;
    words_[k] |= std::uint64_t{1} << (i % 64);
    if (k < lo_) lo_ = k;
    if (k >= hi_) hi_ = k + 1;
  }
  bool test(std::size_t i) const { return i < size_ && (words_[i / 64] >> (i % 64)) & 1; }
  void clear() {
    for (std::size_t k = lo_; k < hi_; ++k) words_[k] = 0;
    lo_ = words_.size();
    hi_ = 0;
  }
  // Removes and returns the lowest member, or kNone when empty.
  std::uint32_t take_lowest() {
    for (; lo_ < hi_; ++lo_)
      if (words_[lo_] != 0) {
        const int bit = std::countr_zero(words_[lo_]);
        words_[lo_] &= words_[lo_] - 1;
        return static_cast<std::uint32_t>(lo_ * 64 + static_cast<std::size_t>(bit));
      }
    clear();
    return kNone;
  }
  // Calls fn(i) for every member in ascending order.
  template <typename Fn>
  void for_each(Fn fn) const {
    for (std::size_t k = lo_; k < hi_; ++k)
      for (std::uint64_t w = words_[k]; w != 0; w &= w - 1)
        fn(static_cast<std::uint32_t>(k * 64 + static_cast<std::size_t>(std::countr_zero(w))));
  }

 private:
  std::size_t size_ = 0;
  std::vector<std::uint64_t> words_;
  std::size_t lo_ = 0, hi_ = 0;  // words outside [lo_, hi_) are zero
};

}  // namespace sim
