// Physical frame allocator and metadata placement (see mm/frame_allocator.h).
// Scans work a 64-frame word at a time; only the ends of a run look at bits.
// No locking: the caller serializes.
#include "mm/frame_allocator.h"

#include <bit>

#include "support/bytes.h"

namespace mm {
namespace {

using support::align_down;
using support::align_up;
using support::Errc;
using support::make_error;
using support::Status;

constexpr std::size_t kBits = 64;
constexpr std::uint64_t kAll = ~std::uint64_t{0};

constexpr bool is_pow2(std::uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }
constexpr bool nonempty(const PhysRange& r) { return r.end > r.base; }

// Portable popcount: no dependency on libgcc's __popcountdi2 or on POPCNT.
constexpr unsigned count_bits(std::uint64_t v) {
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<unsigned>((v * 0x0101010101010101ull) >> 56);
}

// Mask of bits [from, to) inside one word, 0 <= from < to <= 64.
constexpr std::uint64_t bit_mask(std::size_t from, std::size_t to) {
  std::uint64_t hi = to == kBits ? kAll : (std::uint64_t{1} << to) - 1;
  return hi & (kAll << from);
}

// Applies op(word, mask) to every word overlapping bits [from, to).
template <typename Op>
void for_each_word(std::size_t from, std::size_t to, Op op) {
  while (from < to) {
    std::size_t w = from / kBits;
    std::size_t lo = from % kBits;
    std::size_t hi = (to - w * kBits) < kBits ? to - w * kBits : kBits;
    op(w, bit_mask(lo, hi));
    from = w * kBits + hi;
  }
}

std::size_t frames_between(std::uint64_t lowest, std::uint64_t highest) {
  std::uint64_t lo = align_down(lowest, kFrameSize), hi = align_down(highest, kFrameSize);
  return hi > lo ? static_cast<std::size_t>((hi - lo) / kFrameSize) : 0;
}

std::size_t words_for(std::size_t frames) { return (frames + kBits - 1) / kBits; }

}  // namespace

std::size_t FrameAllocator::bitmap_words(std::uint64_t lowest, std::uint64_t highest) {
  return 2 * words_for(frames_between(lowest, highest));
}

Status FrameAllocator::init(std::span<const PhysRange> usable, std::span<const PhysRange> reserved,
                            std::span<std::uint64_t> bitmap) {
  std::uint64_t lowest = kAll, highest = 0;
  for (const PhysRange& r : usable) {
    if (!nonempty(r)) continue;
    if (r.base < lowest) lowest = r.base;
    if (r.end > highest) highest = r.end;
  }
  *this = FrameAllocator{};
  if (highest == 0) return Status::success();  // nothing usable: an empty pool
  std::size_t frames = frames_between(lowest, highest);
  std::size_t words = words_for(frames);
  if (bitmap.size() < 2 * words)
    return make_error(Errc::no_space, "frame bitmap storage is smaller than bitmap_words()");

  base_ = align_down(lowest, kFrameSize);
  frames_ = frames;
  pool_ = bitmap.data();
  used_ = bitmap.data() + words;
  for (std::size_t i = 0; i < 2 * words; ++i) bitmap[i] = 0;

  const std::uint64_t span_end = base_ + frames_ * kFrameSize;
  for (const PhysRange& r : usable) {
    if (!nonempty(r) || r.base > span_end) continue;
    std::uint64_t b = align_up(r.base, kFrameSize);          // no wrap: r.base <= span_end
    std::uint64_t e = align_down(r.end < span_end ? r.end : span_end, kFrameSize);
    if (e <= b) continue;  // no whole frame inside
    for_each_word((b - base_) / kFrameSize, (e - base_) / kFrameSize,
                  [&](std::size_t w, std::uint64_t m) { pool_[w] |= m; });
  }
  for (const PhysRange& r : reserved) {
    std::uint64_t b = r.base > base_ ? r.base : base_;
    std::uint64_t e = r.end < span_end ? r.end : span_end;
    if (e <= b) continue;
    b = align_down(b, kFrameSize);
    e = align_up(e, kFrameSize);  // no wrap: e <= span_end, which is frame-aligned
    for_each_word((b - base_) / kFrameSize, (e - base_) / kFrameSize,
                  [&](std::size_t w, std::uint64_t m) { pool_[w] &= ~m; });
  }
  for (std::size_t w = 0; w < words; ++w) total_ += count_bits(pool_[w]);
  free_ = total_;
  return Status::success();
}

std::size_t FrameAllocator::next_available(std::size_t from, std::size_t limit) const {
  if (from >= limit) return limit;
  std::size_t w = from / kBits;
  std::uint64_t bits = avail_word(w) & (kAll << (from % kBits));
  for (;;) {
    if (bits != 0) {
      std::size_t i = w * kBits + static_cast<std::size_t>(std::countr_zero(bits));
      return i < limit ? i : limit;
    }
    if (++w * kBits >= limit) return limit;
    bits = avail_word(w);
  }
}

std::size_t FrameAllocator::next_unavailable(std::size_t from, std::size_t limit) const {
  if (from >= limit) return limit;
  std::size_t w = from / kBits;
  std::uint64_t bits = ~avail_word(w) & (kAll << (from % kBits));
  for (;;) {
    if (bits != 0) {
      std::size_t i = w * kBits + static_cast<std::size_t>(std::countr_zero(bits));
      return i < limit ? i : limit;
    }
    if (++w * kBits >= limit) return limit;
    bits = ~avail_word(w);
  }
}

// First index i in [from, limit - count] with frame number (base_/4K + i) a
// multiple of `align` and frames [i, i + count) all available; `limit` if none.
std::size_t FrameAllocator::search(std::size_t from, std::size_t limit, std::size_t count,
                                   std::size_t align) const {
  const std::uint64_t base_frame = base_ / kFrameSize;
  std::size_t i = from;
  for (;;) {
    i = next_available(i, limit);
    if (i >= limit) return limit;
    std::uint64_t a = align_up(base_frame + i, align) - base_frame;
    if (a > limit || limit - a < count) return limit;  // later candidates only start later
    std::size_t start = static_cast<std::size_t>(a);
    std::size_t bad = next_unavailable(start, start + count);
    if (bad == start + count) return start;
    i = bad + 1;
  }
}

support::Result<std::uint64_t> FrameAllocator::alloc(std::size_t count, std::size_t align_frames,
                                                     std::uint64_t below) {
  if (count == 0) return make_error(Errc::invalid, "frame allocation of zero frames");
  if (!is_pow2(align_frames)) return make_error(Errc::invalid, "frame alignment is not a power of two");
  if (below <= base_ || frames_ == 0) return make_error(Errc::no_memory, "no free frames below the limit");
  std::uint64_t limit_frames = (align_down(below, kFrameSize) - base_) / kFrameSize;
  std::size_t limit = limit_frames < frames_ ? static_cast<std::size_t>(limit_frames) : frames_;
  if (count > limit || count > free_) return make_error(Errc::no_memory, "not enough free frames");

  std::size_t found = limit;
  if (hint_ < limit) found = search(hint_, limit, count, align_frames);
  if (found == limit && hint_ != 0) found = search(0, limit, count, align_frames);
  if (found == limit) return make_error(Errc::no_memory, "no free run of frames fits the request");

  for_each_word(found, found + count, [&](std::size_t w, std::uint64_t m) { used_[w] |= m; });
  free_ -= count;
  hint_ = found + count < frames_ ? found + count : 0;
  return base_ + static_cast<std::uint64_t>(found) * kFrameSize;
}

bool FrameAllocator::index_of(std::uint64_t phys, std::size_t& index) const {
  if (phys < base_ || (phys - base_) / kFrameSize >= frames_) return false;
  index = static_cast<std::size_t>((phys - base_) / kFrameSize);
  return true;
}

Status FrameAllocator::free(std::uint64_t phys, std::size_t count) {
  if (count == 0) return make_error(Errc::invalid, "frame free of zero frames");
  if (phys % kFrameSize != 0) return make_error(Errc::invalid, "freed address is not frame-aligned");
  std::size_t first = 0;
  if (!index_of(phys, first) || count > frames_ - first)
    return make_error(Errc::range, "freed frames lie outside the allocator's memory");
  bool all_allocated = true;
  for_each_word(first, first + count, [&](std::size_t w, std::uint64_t m) {
    if ((pool_[w] & used_[w] & m) != m) all_allocated = false;
  });
  if (!all_allocated) return make_error(Errc::invalid, "freed frame is not allocated (double free?)");
  for_each_word(first, first + count, [&](std::size_t w, std::uint64_t m) { used_[w] &= ~m; });
  free_ += count;
  return Status::success();
}

Status FrameAllocator::reserve(PhysRange r) {
  const std::uint64_t span_end = base_ + frames_ * kFrameSize;
  std::uint64_t b = r.base > base_ ? r.base : base_;
  std::uint64_t e = r.end < span_end ? r.end : span_end;
  if (e <= b) return Status::success();  // nothing of ours
  std::size_t first = static_cast<std::size_t>((align_down(b, kFrameSize) - base_) / kFrameSize);
  std::size_t last = static_cast<std::size_t>((align_up(e, kFrameSize) - base_) / kFrameSize);
  bool busy = false;
  for_each_word(first, last, [&](std::size_t w, std::uint64_t m) {
    if ((pool_[w] & used_[w] & m) != 0) busy = true;
  });
  if (busy) return make_error(Errc::busy, "reserved range holds allocated frames");
  std::uint64_t taken = 0;
  for_each_word(first, last, [&](std::size_t w, std::uint64_t m) {
    taken += count_bits(pool_[w] & m);
    pool_[w] &= ~m;
  });
  total_ -= taken;
  free_ -= taken;
  return Status::success();
}

bool FrameAllocator::is_free(std::uint64_t phys) const {
  std::size_t i = 0;
  if (!index_of(phys, i)) return false;
  return (avail_word(i / kBits) >> (i % kBits)) & 1;
}

bool FrameAllocator::is_allocated(std::uint64_t phys) const {
  std::size_t i = 0;
  if (!index_of(phys, i)) return false;
  return ((pool_[i / kBits] & used_[i / kBits]) >> (i % kBits)) & 1;
}

support::Result<std::uint64_t> find_placement(std::span<const PhysRange> usable,
                                              std::span<const PhysRange> reserved, std::uint64_t bytes,
                                              std::uint64_t align, std::uint64_t below) {
  if (bytes == 0) return make_error(Errc::invalid, "metadata placement of zero bytes");
  if (!is_pow2(align)) return make_error(Errc::invalid, "metadata alignment is not a power of two");
  bool found = false;
  std::uint64_t best = 0;
  for (const PhysRange& u : usable) {
    if (!nonempty(u)) continue;
    std::uint64_t top = u.end < below ? u.end : below;
    // Move [p, p + bytes) down below every reserved range it touches. Each
    // step ends below the conflicting range, so that range never conflicts
    // again: at most one step per reserved range.
    for (;;) {
      if (top < bytes) break;
      std::uint64_t p = align_down(top - bytes, align);
      if (p < u.base) break;
      std::uint64_t lowest_conflict = kAll;
      for (const PhysRange& r : reserved)
        if (nonempty(r) && r.base < p + bytes && p < r.end && r.base < lowest_conflict) lowest_conflict = r.base;
      if (lowest_conflict == kAll) {
        if (!found || p > best) best = p;
        found = true;
        break;
      }
      top = lowest_conflict;
    }
  }
  if (!found) return make_error(Errc::no_memory, "no usable range has room for the metadata outside reserved memory");
  return best;
}

}  // namespace mm
