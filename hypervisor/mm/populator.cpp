// Bounded-step population of guest memory (see mm/populator.h).
#include "mm/populator.h"

namespace mm {

support::Status Populator::next_chunk(PopulateTarget& t) {
  std::uint64_t left = bytes_ - populated_;
  std::uint64_t size = kPopulatePage2M;
  auto frames =
      left >= kPopulatePage2M && (populated_ & (kPopulatePage2M - 1)) == 0
          ? t.alloc(kPopulatePage2M)
          : support::Result<std::uint64_t>(support::make_error(support::Errc::no_memory, ""));
  if (!frames.ok()) {
    size = kPopulatePage4K;
    frames = t.alloc(kPopulatePage4K);
    if (!frames.ok())
      return support::make_error(support::Errc::no_memory, "not enough free memory");
  }
  auto st = t.record(populated_, *frames, size);
  if (st.ok()) chunk_ = {*frames, size, 0};
  return st;
}

support::Result<bool> Populator::step(PopulateTarget& t, std::uint64_t max_bytes) {
  while (populated_ < bytes_ && max_bytes != 0) {
    if (chunk_.bytes == 0) {
      auto st = next_chunk(t);
      if (!st.ok()) return st.error();
    }
    std::uint64_t n =
        chunk_.bytes - chunk_.zeroed < max_bytes ? chunk_.bytes - chunk_.zeroed : max_bytes;
    t.zero(chunk_.host_physical + chunk_.zeroed, n);
    chunk_.zeroed += n;
    max_bytes -= n;
    if (chunk_.zeroed != chunk_.bytes) continue;
    auto st = t.map(populated_, chunk_.host_physical, chunk_.bytes);
    if (!st.ok()) return st.error();
    populated_ += chunk_.bytes;
    chunk_ = {};
  }
  return populated_ == bytes_;
}

}  // namespace mm
