// Extended page tables for one domain: a four-level EPT that maps guest-
// physical pages (4 KiB or 2 MiB) to host frames with read/write/execute
// rights and write-back memory type (Intel SDM vol. 3, 29.3 "The extended
// page table mechanism"). Table frames come from a TableMemory the caller
// provides, so the same code runs in the hypervisor (frame allocator,
// identity map) and in host tests (a buffer).
//
// Locking: any CPU may edit any domain's EPT (the grant code maps into the
// grantee's from the grantee's vCPUs and unmaps at the granter's teardown),
// so map(), unmap() and destroy() take this EPT's own spinlock; two walks
// that create the same missing table are serialized and lose nothing.
// translate() takes no lock: entries are written and read as whole atomic
// words (a new table is zeroed before the entry that links it is
// published), and tables are freed only by destroy(). Lifetime: destroy()
// must not run while another CPU may still translate, which the owner
// guarantees (a domain's EPT is destroyed only when it is reaped: no vCPU
// of it loaded, detached from the routers, no reference left; see
// hv/domain.h). Lock order: the EPT lock is taken after the grant lock and
// the domain table lock, and before the frame allocator's (TableMemory).
#pragma once

#include <cstddef>
#include <cstdint>

#include "support/error.h"
#include "support/spinlock.h"

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
  Ept() = default;
  Ept(const Ept&) = delete;
  Ept& operator=(const Ept&) = delete;

  support::Status init(TableMemory& memory);
  // Maps [gpa, gpa + size) to [hpa, hpa + size); size is 4 KiB or 2 MiB and
  // both addresses aligned to it. Refuses to replace an existing mapping.
  support::Status map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size,
                      std::uint8_t access);
  support::Status unmap(std::uint64_t gpa, std::uint64_t size);
  support::Result<Translation> translate(std::uint64_t gpa) const;
  // Frees every table (not the mapped frames). The EPT is empty afterwards.
  void destroy();

  // EPTP value: write-back, 4-level walk, PML4 address.
  std::uint64_t pointer() const;
  std::size_t table_count() const;
  std::uint64_t mapped_bytes() const;

 private:
  using Guard = support::Guard<support::SpinLock>;

  // With lock_ held.
  support::Result<std::uint64_t*> walk_to(std::uint64_t gpa, int level, bool create);
  void destroy_level(std::uint64_t table_phys, int level);

  mutable support::SpinLock lock_;
  TableMemory* memory_ = nullptr;
  std::uint64_t pml4_ = 0;
  std::size_t tables_ = 0;
  std::uint64_t mapped_ = 0;
};

}  // namespace ept
