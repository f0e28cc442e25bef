// Physical memory of the machine as the hypervisor owns it: the frame
// allocator built from the multiboot2 memory map with everything that must
// never be handed out reserved (the image, the boot information, the
// modules, the first MiB's firmware areas), and the boot-time heap.
// Boot-time setup runs on the BSP alone; later allocations take g_lock.
#pragma once

#include <cstdint>

#include "bootinfo/multiboot2.h"
#include "mm/bump_heap.h"
#include "mm/frame_allocator.h"
#include "support/error.h"

namespace hv::memory {

struct Summary {
  std::uint64_t usable_bytes = 0;
  std::uint32_t usable_regions = 0;
  std::uint64_t highest_address = 0;
  std::uint64_t free_frames = 0;
  std::uint64_t heap_bytes = 0;
};

support::Status init(const bootinfo::BootInfo& info, std::uint64_t mbi_phys,
                     std::uint64_t mbi_size);
const Summary& summary();

// Frame allocation (thread-safe).
support::Result<std::uint64_t> alloc_frames(std::size_t count, std::size_t align_frames = 1,
                                            std::uint64_t below = ~0ull);
support::Status free_frames(std::uint64_t phys, std::size_t count);
std::uint64_t free_frame_count();

// Boot-time objects (never freed).
mm::BumpHeap& boot_heap();

}  // namespace hv::memory
