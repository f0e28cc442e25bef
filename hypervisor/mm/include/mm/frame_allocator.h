// Physical frame allocator: two bitmaps over the 4 KiB frames between the
// lowest and highest usable address, with storage supplied by the caller.
// Also find_placement(), which picks a home for such metadata before any
// allocator exists. Touches no memory but the bitmap it is given; knows
// nothing about mappings. No locking: the caller serializes every call
// (hv::memory wraps it in a spinlock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "support/error.h"

namespace mm {

constexpr std::uint64_t kFrameSize = 4096;

struct PhysRange {
  std::uint64_t base;
  std::uint64_t end;  // [base, end); empty when end <= base
};

// Frames are managed over [align_down(lowest usable), align_down(highest usable end)).
// A frame is in the pool when it lies wholly inside some usable range and
// touches no reserved range (reserved wins over usable; partial frames at the
// edges of usable ranges are never handed out, partial frames touched by a
// reserved range are never handed out either).
//
// Storage: two bits per frame, one bitmap saying "in the pool" and one saying
// "allocated". The second bitmap is what lets free() refuse frames that were
// never handed out (reserved memory, holes) as well as double frees.
class FrameAllocator {
 public:
  // uint64 words of storage init() needs for usable memory spanning
  // [lowest, highest): both bitmaps together.
  static std::size_t bitmap_words(std::uint64_t lowest, std::uint64_t highest);

  // usable: RAM from the memory map (ranges may overlap). reserved: image,
  // modules, boot information, ACPI, low memory, the bitmap itself, ...
  // `bitmap` needs bitmap_words(min usable base, max usable end) words.
  // Everything in the pool starts free.
  support::Status init(std::span<const PhysRange> usable, std::span<const PhysRange> reserved,
                       std::span<std::uint64_t> bitmap);

  // `count` contiguous frames whose first frame number is a multiple of
  // `align_frames` (a power of two) and whose end is <= `below`. Next-fit:
  // the search starts after the previous allocation and wraps once.
  // Errors: invalid arguments; no_memory when no run fits.
  support::Result<std::uint64_t> alloc(std::size_t count = 1, std::size_t align_frames = 1,
                                       std::uint64_t below = ~0ull);

  // Returns `count` frames starting at `phys`. Refused, changing nothing, when
  // phys is not frame-aligned, the run leaves the managed span, or any frame
  // in it is not currently allocated (double free, reserved, hole).
  support::Status free(std::uint64_t phys, std::size_t count = 1);

  // Takes every pool frame touched by r out of the pool for good (r is rounded
  // outward to whole frames; parts outside the managed span are ignored).
  // Refused with Errc::busy, changing nothing, when any of those frames is
  // currently allocated: whoever holds it would later free it into a hole.
  // Frames already outside the pool are fine. total_frames() and
  // free_frames() both drop by the number of frames taken.
  support::Status reserve(PhysRange r);

  std::uint64_t free_frames() const { return free_; }
  std::uint64_t total_frames() const { return total_; }  // frames in the pool, free or allocated
  std::uint64_t allocated_frames() const { return total_ - free_; }

  // Introspection (tests, diagnostics).
  bool is_free(std::uint64_t phys) const;       // in the pool and not allocated
  bool is_allocated(std::uint64_t phys) const;  // handed out by alloc()
  std::uint64_t span_base() const { return base_; }
  std::uint64_t span_end() const { return base_ + frames_ * kFrameSize; }

 private:
  std::uint64_t avail_word(std::size_t w) const { return pool_[w] & ~used_[w]; }
  std::size_t next_available(std::size_t from, std::size_t limit) const;
  std::size_t next_unavailable(std::size_t from, std::size_t limit) const;
  std::size_t search(std::size_t from, std::size_t limit, std::size_t count, std::size_t align) const;
  bool index_of(std::uint64_t phys, std::size_t& index) const;

  std::uint64_t base_ = 0;       // physical address of frame index 0
  std::size_t frames_ = 0;       // frames covered by the bitmaps
  std::uint64_t* pool_ = nullptr;  // bit set: frame belongs to the pool
  std::uint64_t* used_ = nullptr;  // bit set: frame is allocated (only where pool_ is set)
  std::uint64_t total_ = 0;
  std::uint64_t free_ = 0;
  std::size_t hint_ = 0;         // next-fit start index
};

// Picks an address for `bytes` of metadata, aligned to `align` (a power of
// two), wholly inside one usable range, overlapping no reserved range and
// ending at or below `below`. Prefers the highest such address, leaving low
// memory (AP trampoline, legacy DMA) alone. Errors: invalid arguments;
// no_memory when nothing fits.
support::Result<std::uint64_t> find_placement(std::span<const PhysRange> usable,
                                              std::span<const PhysRange> reserved, std::uint64_t bytes,
                                              std::uint64_t align, std::uint64_t below = ~0ull);

}  // namespace mm
