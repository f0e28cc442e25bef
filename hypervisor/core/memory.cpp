// Physical memory setup (see hv/memory.h).
#include "hv/memory.h"

#include "arch/cpu.h"
#include "hv/log.h"
#include "support/spinlock.h"

extern "C" const std::uint8_t __image_start[];
extern "C" const std::uint8_t __image_end[];

namespace hv::memory {
namespace {

constexpr std::uint64_t kIdentityMapped = 4ull << 30;  // the boot page tables map 4 GiB
constexpr std::uint64_t kBootHeapBytes = 2ull << 20;
constexpr std::size_t kMaxRanges =
    bootinfo::BootInfo::kMaxRegions + bootinfo::BootInfo::kMaxModules + 8;

mm::FrameAllocator g_frames;
mm::BumpHeap g_heap;
support::SpinLock g_lock;
Summary g_summary;

}  // namespace

support::Status init(const bootinfo::BootInfo& info, std::uint64_t mbi_phys,
                     std::uint64_t mbi_size) {
  mm::PhysRange usable[bootinfo::BootInfo::kMaxRegions];
  std::size_t usable_count = 0;
  for (std::size_t i = 0; i < info.region_count; ++i) {
    const auto& r = info.regions[i];
    if (r.type != bootinfo::MemoryType::usable || r.length == 0) continue;
    std::uint64_t end = r.base + r.length < r.base ? ~0ull : r.base + r.length;
    if (end > g_summary.highest_address) g_summary.highest_address = end;
    g_summary.usable_bytes += r.length;
    ++g_summary.usable_regions;
    // Only what the boot page tables map is handed out for now.
    if (r.base >= kIdentityMapped) continue;
    usable[usable_count++] = {r.base, end < kIdentityMapped ? end : kIdentityMapped};
  }
  if (usable_count == 0)
    return support::make_error(support::Errc::no_memory, "no usable memory below 4 GiB");

  mm::PhysRange reserved[kMaxRanges];
  std::size_t reserved_count = 0;
  reserved[reserved_count++] = {0, 0x1000};          // real-mode IVT and BDA
  reserved[reserved_count++] = {0x80000, 0x100000};  // EBDA, VGA, option ROMs, BIOS
  reserved[reserved_count++] = {reinterpret_cast<std::uint64_t>(__image_start),
                                reinterpret_cast<std::uint64_t>(__image_end)};
  reserved[reserved_count++] = {mbi_phys, mbi_phys + mbi_size};
  for (std::size_t i = 0; i < info.module_count; ++i)
    reserved[reserved_count++] = {info.modules[i].start, info.modules[i].end};

  std::uint64_t lowest = ~0ull, highest = 0;
  for (std::size_t i = 0; i < usable_count; ++i) {
    if (usable[i].base < lowest) lowest = usable[i].base;
    if (usable[i].end > highest) highest = usable[i].end;
  }
  std::uint64_t bitmap_bytes = mm::FrameAllocator::bitmap_words(lowest, highest) * 8;
  auto place = mm::find_placement({usable, usable_count}, {reserved, reserved_count}, bitmap_bytes,
                                  mm::kFrameSize, kIdentityMapped);
  if (!place.ok()) return place.error();
  reserved[reserved_count++] = {*place, *place + bitmap_bytes};
  auto* words = reinterpret_cast<std::uint64_t*>(*place);
  auto st = g_frames.init({usable, usable_count}, {reserved, reserved_count},
                          {words, static_cast<std::size_t>(bitmap_bytes / 8)});
  if (!st.ok()) return st;

  auto heap = g_frames.alloc(kBootHeapBytes / mm::kFrameSize, 1, kIdentityMapped);
  if (!heap.ok()) return heap.error();
  g_heap.init(reinterpret_cast<void*>(*heap), kBootHeapBytes);
  g_summary.heap_bytes = kBootHeapBytes;
  g_summary.free_frames = g_frames.free_frames();
  return support::Status::success();
}

const Summary& summary() { return g_summary; }

support::Result<std::uint64_t> alloc_frames(std::size_t count, std::size_t align_frames,
                                            std::uint64_t below) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  return g_frames.alloc(count, align_frames, below);
}

support::Status free_frames(std::uint64_t phys, std::size_t count) {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  return g_frames.free(phys, count);
}

std::uint64_t free_frame_count() {
  arch::IrqSave irq;
  support::Guard<support::SpinLock> guard(g_lock);
  return g_frames.free_frames();
}

mm::BumpHeap& boot_heap() { return g_heap; }

}  // namespace hv::memory
