// A min-heap of (time, id) events with lazy deletion: when an id's event
// moves, the new time is pushed and the old entry stays until it reaches
// the top, where it is dropped because it no longer matches the id's
// current time (the `current(id)` callable the caller passes). The engine
// keeps the pCPUs' scheduling events and the running jobs' completions in
// two of these, so finding the next instant costs O(log n), not a scan of
// every pCPU. compact() rebuilds from the current times when stale entries
// pile up (amortised O(1) per push). Owned by one engine; no locking.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace sim {

class EventHeap {
 public:
  void clear() { heap_.clear(); }
  std::size_t size() const { return heap_.size(); }
  void push(Time at, std::uint32_t id) {
    if (at >= kNever) return;
    heap_.push_back({at, id});
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  // The earliest current event's time (kNever when none); drops stale tops.
  template <typename Current>
  Time earliest(Current current) {
    while (!heap_.empty() && current(heap_.front().id) != heap_.front().at) pop();
    return heap_.empty() ? kNever : heap_.front().at;
  }
  // Removes every entry due at `now` or earlier and calls fn(id) for the
  // current ones (possibly twice for one id if its time was pushed twice).
  template <typename Current, typename Fn>
  void pop_due(Time now, Current current, Fn fn) {
    while (!heap_.empty() && heap_.front().at <= now) {
      const Entry e = heap_.front();
      pop();
      if (current(e.id) == e.at) fn(e.id);
    }
  }
  // Rebuilds from current(0..ids-1) when more than twice that many entries
  // (plus slack) are held.
  template <typename Current>
  void compact(std::uint32_t ids, Current current) {
    if (heap_.size() <= 2 * std::size_t{ids} + 64) return;
    heap_.clear();
    for (std::uint32_t id = 0; id < ids; ++id) push(current(id), id);
  }

 private:
  struct Entry {
    Time at;
    std::uint32_t id;
  };
  static bool later(const Entry& a, const Entry& b) {
    return a.at != b.at ? a.at > b.at : a.id > b.id;
  }
  void pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }

  std::vector<Entry> heap_;
};

}  // namespace sim
