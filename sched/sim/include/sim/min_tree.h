// The earliest of n times (one per pCPU), as a complete binary tree of
// minima over the leaves: set() costs O(log n) (it stops where a parent's
// minimum does not change), the earliest time is the root, and
// for_each_due() visits only the subtrees holding due leaves, lowest index
// first. The engine keeps the pCPUs' next scheduling events and the running
// jobs' completions in two of these, so finding and serving the next
// instant never scans every pCPU. Sized once; no allocation afterwards.
// Owned by one engine; no locking.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace sim {

class MinTree {
 public:
  void resize(std::size_t n) {
    leaves_ = 1;
    while (leaves_ < n) leaves_ *= 2;
    node_.assign(2 * leaves_, kNever);
  }
  Time earliest() const { return node_[1]; }
  Time at(std::uint32_t i) const { return node_[leaves_ + i]; }
  void set(std::uint32_t i, Time t) {
    std::size_t k = leaves_ + i;
    node_[k] = t;
    for (k /= 2; k >= 1; k /= 2) {
      const Time m = std::min(node_[2 * k], node_[2 * k + 1]);
      if (node_[k] == m) break;
      node_[k] = m;
    }
  }
  // Calls fn(i) for every leaf i with a time <= now, in ascending order.
  // fn must not change the tree.
  template <typename Fn>
  void for_each_due(Time now, Fn fn) const {
    if (node_[1] <= now) visit(1, now, fn);
  }

 private:
  template <typename Fn>
  void visit(std::size_t k, Time now, Fn& fn) const {
    if (k >= leaves_) {
      fn(static_cast<std::uint32_t>(k - leaves_));
      return;
    }
    if (node_[2 * k] <= now) visit(2 * k, now, fn);
    if (node_[2 * k + 1] <= now) visit(2 * k + 1, now, fn);
  }

  std::size_t leaves_ = 1;
  std::vector<Time> node_{kNever, kNever};
};

}  // namespace sim
