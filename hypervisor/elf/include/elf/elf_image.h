// Reading guest kernel images: ELF32 or ELF64 x86 executables, their
// PT_LOAD segments (by physical address) and the entry point, preferring
// the PVH entry note (Xen ELF note type 18, XEN_ELFNOTE_PHYS32_ENTRY) the
// way PVH loaders do. The image is untrusted: every offset and size is
// checked against the bytes given. Pure functions; no locking.
#pragma once

#include <cstddef>
#include <cstdint>

#include "support/bytes.h"
#include "support/error.h"

namespace elf {

struct Segment {
  std::uint64_t guest_physical;  // p_paddr
  std::uint64_t file_offset;
  std::uint64_t file_size;
  std::uint64_t memory_size;     // >= file_size; the rest is zero-filled
  bool writable, executable;
};

struct Image {
  static constexpr std::size_t kMaxSegments = 16;
  bool is_64bit = false;
  std::uint64_t entry = 0;       // 32-bit PVH entry when pvh_note, else e_entry
  bool pvh_note = false;
  Segment segments[kMaxSegments];
  std::size_t segment_count = 0;
  std::uint64_t lowest = 0, highest = 0;  // guest-physical span of all segments
};

// Parses and validates an executable. `memory_limit` is the guest's memory
// size: every segment must lie below it, and so must the entry point.
support::Status parse(support::Bytes file, std::uint64_t memory_limit, Image& out);

}  // namespace elf
