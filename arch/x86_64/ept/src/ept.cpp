// Four-level EPT construction and lookup (see ept.h). Entry format: bits
// 2:0 read/write/execute, bits 5:3 memory type (leaf), bit 7 large page,
// bits 51:12 address. Writers hold lock_; every entry is loaded and stored
// through load()/store() so that translate() may walk without it.
#include "ept/ept.h"

#include <atomic>

namespace ept {
namespace {

constexpr std::uint64_t kAddressMask = 0x000ffffffffff000ull;
constexpr std::uint64_t kLargePage = 1ull << 7;
constexpr std::uint64_t kMemoryTypeWriteBack = 6ull << 3;
constexpr std::uint64_t kTableRights = 7;  // non-leaf entries allow everything; leaves decide

unsigned index_at(std::uint64_t gpa, int level) {  // level 4 = PML4 ... 1 = PT
  return static_cast<unsigned>((gpa >> (12 + 9 * (level - 1))) & 511);
}

bool present(std::uint64_t e) { return (e & 7) != 0; }

std::uint64_t load(std::uint64_t& entry) {
  return std::atomic_ref<std::uint64_t>(entry).load(std::memory_order_acquire);
}
// Release: a new table's zeroed entries are visible before its link.
void store(std::uint64_t& entry, std::uint64_t value) {
  std::atomic_ref<std::uint64_t>(entry).store(value, std::memory_order_release);
}

}  // namespace

support::Status Ept::init(TableMemory& memory) {
  Guard g(lock_);
  memory_ = &memory;
  auto root = memory.alloc_table();
  if (!root.ok()) return root.error();
  pml4_ = *root;
  tables_ = 1;
  mapped_ = 0;
  return support::Status::success();
}

support::Result<std::uint64_t*> Ept::walk_to(std::uint64_t gpa, int level, bool create) {
  std::uint64_t table = pml4_;
  for (int l = 4; l > level; --l) {
    std::uint64_t& slot = memory_->table(table)[index_at(gpa, l)];
    std::uint64_t e = load(slot);
    if (!present(e)) {
      if (!create) return support::make_error(support::Errc::not_found, "not mapped");
      auto next = memory_->alloc_table();
      if (!next.ok()) return next.error();
      ++tables_;
      e = *next | kTableRights;
      store(slot, e);
    } else if (e & kLargePage) {
      return support::make_error(support::Errc::exists, "a larger page already maps this address");
    }
    table = e & kAddressMask;
  }
  return &memory_->table(table)[index_at(gpa, level)];
}

support::Status Ept::map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size,
                         std::uint8_t access) {
  Guard g(lock_);
  if (pml4_ == 0) return support::make_error(support::Errc::invalid, "EPT not initialized");
  if (size != kPage4K && size != kPage2M)
    return support::make_error(support::Errc::invalid, "page size must be 4 KiB or 2 MiB");
  if ((gpa | hpa) & (size - 1))
    return support::make_error(support::Errc::invalid, "address not aligned to the page size");
  if (gpa >= kMaxGuestPhysical || kMaxGuestPhysical - gpa < size)
    return support::make_error(support::Errc::range, "guest-physical address above 512 GiB");
  if ((hpa & ~kAddressMask) != 0 || hpa > kAddressMask)
    return support::make_error(support::Errc::range, "host-physical address too large");
  if ((access & rwx) == 0 || (access & ~rwx) != 0 || ((access & write) && !(access & read)))
    return support::make_error(support::Errc::invalid,
                               "access must include read when it includes write");
  int level = size == kPage2M ? 2 : 1;
  if (level == 2) {
    // A 2 MiB leaf must not hide an existing page table.
    auto probe = walk_to(gpa, 2, false);
    if (probe.ok() && present(load(**probe)))
      return support::make_error(support::Errc::exists, "guest-physical range already mapped");
  }
  auto slot = walk_to(gpa, level, true);
  if (!slot.ok()) return slot.error();
  if (present(load(**slot)))
    return support::make_error(support::Errc::exists, "guest-physical page already mapped");
  store(**slot, hpa | kMemoryTypeWriteBack | access | (level == 2 ? kLargePage : 0));
  mapped_ += size;
  return support::Status::success();
}

support::Status Ept::unmap(std::uint64_t gpa, std::uint64_t size) {
  Guard g(lock_);
  if (size != kPage4K && size != kPage2M)
    return support::make_error(support::Errc::invalid, "page size must be 4 KiB or 2 MiB");
  auto t = translate(gpa);
  if (!t.ok() || t->page_size != size || (gpa & (size - 1)))
    return support::make_error(support::Errc::not_found, "no page of that size mapped there");
  auto slot = walk_to(gpa, size == kPage2M ? 2 : 1, false);
  if (!slot.ok()) return slot.error();
  store(**slot, 0);
  mapped_ -= size;
  return support::Status::success();
}

support::Result<Translation> Ept::translate(std::uint64_t gpa) const {
  if (pml4_ == 0 || gpa >= kMaxGuestPhysical)
    return support::make_error(support::Errc::not_found, "not mapped");
  std::uint64_t table = pml4_;
  for (int l = 4; l >= 1; --l) {
    std::uint64_t e = load(memory_->table(table)[index_at(gpa, l)]);
    if (!present(e)) return support::make_error(support::Errc::not_found, "not mapped");
    bool leaf = l == 1 || (l == 2 && (e & kLargePage));
    if (leaf) {
      std::uint64_t page = l == 2 ? kPage2M : kPage4K;
      return Translation{(e & kAddressMask & ~(page - 1)) | (gpa & (page - 1)),
                         static_cast<std::uint8_t>(e & 7), page};
    }
    table = e & kAddressMask;
  }
  return support::make_error(support::Errc::not_found, "not mapped");
}

void Ept::destroy_level(std::uint64_t table_phys, int level) {
  if (level > 1) {
    std::uint64_t* t = memory_->table(table_phys);
    for (unsigned i = 0; i < 512; ++i) {
      std::uint64_t e = load(t[i]);
      if (present(e) && !(e & kLargePage)) destroy_level(e & kAddressMask, level - 1);
    }
  }
  memory_->free_table(table_phys);
}

void Ept::destroy() {
  Guard g(lock_);
  if (pml4_ == 0) return;
  destroy_level(pml4_, 4);
  pml4_ = 0;
  tables_ = 0;
  mapped_ = 0;
}

std::uint64_t Ept::pointer() const { return pml4_ | (3ull << 3) | 6ull; }

std::size_t Ept::table_count() const {
  Guard g(lock_);
  return tables_;
}

std::uint64_t Ept::mapped_bytes() const {
  Guard g(lock_);
  return mapped_;
}

}  // namespace ept
