// Extended page tables for one domain: a four-level EPT that maps guest-
// physical pages (4 KiB or 2 MiB) to host frames with read/write/execute
// rights and write-back memory type (Intel SDM vol. 3, 29.3 "The extended
// page table mechanism"). Table frames come from a TableMemory the caller
// provides, so the same code runs in the hypervisor (frame allocator,
// identity map) and in host tests (a buffer). One domain's EPT is changed
// by one CPU at a time (the caller's domain lock); no locking here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "support/error.h"

namespace ept {

constexpr std::uint64_t kPage4K = 4096;
constexpr std::uint64_t kPage2M = 2ull << 20;
constexpr std::uint64_t kMaxGuestPhysical = 1ull << 39;  // one PML4 entry's worth: 512 GiB

enum Access : std::uint8_t { read = 1, write = 2, execute = 4, rwx = 7 };

class TableMemory {
 public:
  // A zeroed 4 KiB frame for a table, or an error.
  virtual support::Result<std::uint64_t> alloc_table() = 0;
  virtual void free_table(std::uint64_t phys) = 0;
  // The table at `phys` as 512 entries.
  virtual std::uint64_t* table(std::uint64_t phys) = 0;

 protected:
  ~TableMemory() = default;
};

struct Translation {
  std::uint64_t host_physical;
  std::uint8_t access;
  std::uint64_t page_size;
};

class Ept {
 public:
  support::Status init(TableMemory& memory);
  // Maps [gpa, gpa + size) to [hpa, hpa + size); size is 4 KiB or 2 MiB and
  // both addresses aligned to it. Refuses to replace an existing mapping.
  support::Status map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size, std::uint8_t access);
  support::Status unmap(std::uint64_t gpa, std::uint64_t size);
  support::Result<Translation> translate(std::uint64_t gpa) const;
  // Frees every table (not the mapped frames). The EPT is empty afterwards.
  void destroy();

  // EPTP value: write-back, 4-level walk, PML4 address.
  std::uint64_t pointer() const;
  std::size_t table_count() const { return tables_; }
  std::uint64_t mapped_bytes() const { return mapped_; }

 private:
  support::Result<std::uint64_t*> walk_to(std::uint64_t gpa, int level, bool create);
  void destroy_level(std::uint64_t table_phys, int level);

  TableMemory* memory_ = nullptr;
  std::uint64_t pml4_ = 0;
  std::size_t tables_ = 0;
  std::uint64_t mapped_ = 0;
};

}  // namespace ept
