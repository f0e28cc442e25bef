// One EPT edited from several CPUs at once (issue 12, item 3): the grant
// code maps into another domain's EPT from any CPU while that domain's own
// CPUs translate its RAM. Two walks that create the same missing table must
// not lose a table or a mapping, and translate() from a third thread sees
// every page either mapped or not, never a torn table. Tables come from a
// thread-safe pool of host buffers.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ept/ept.h"

namespace {

class SharedTables final : public ept::TableMemory {
 public:
  explicit SharedTables(std::size_t n) : pool_(n) {
    for (auto& t : pool_) t = std::make_unique<std::uint64_t[]>(512);
  }
  support::Result<std::uint64_t> alloc_table() override {
    std::lock_guard<std::mutex> g(mutex_);
    if (used_ == pool_.size()) return support::make_error(support::Errc::no_memory, "pool");
    for (int i = 0; i < 512; ++i) pool_[used_][i] = 0;
    return kBase + 0x1000 * used_++;
  }
  void free_table(std::uint64_t) override {
    std::lock_guard<std::mutex> g(mutex_);
    ++freed_;
  }
  std::uint64_t* table(std::uint64_t phys) override {
    return pool_[(phys - kBase) / 0x1000].get();  // slots never move
  }
  std::size_t allocated() {
    std::lock_guard<std::mutex> g(mutex_);
    return used_ - freed_;
  }

 private:
  static constexpr std::uint64_t kBase = 0x100000000ull;
  std::mutex mutex_;
  std::vector<std::unique_ptr<std::uint64_t[]>> pool_;
  std::size_t used_ = 0, freed_ = 0;
};

// Each round: a fresh EPT; two writers map interleaved 4 KiB pages of the
// same fresh 1 GiB region (so both need the same new PDPT, PD and PT at the
// same moment) while a reader translates a page mapped before the round.
TEST(EptConcurrency, TwoWritersAndAReaderLoseNothing) {
  constexpr int kRounds = 300;
  constexpr std::uint64_t kPages = 64;
  std::uint32_t lost_mappings = 0, lost_tables = 0, bad_reads = 0;
  for (int round = 0; round < kRounds; ++round) {
    SharedTables mem(64);
    ept::Ept e;
    ASSERT_TRUE(e.init(mem).ok());
    ASSERT_TRUE(e.map(0, 0x5000, ept::kPage4K, ept::rwx).ok());
    const std::uint64_t base = (1ull + round % 16) << 30;
    std::atomic<int> ready{0};
    std::atomic<bool> done{false};
    auto writer = [&](std::uint64_t parity) {
      ready.fetch_add(1);
      while (ready.load() < 3) {
      }
      for (std::uint64_t p = parity; p < kPages; p += 2)
        (void)e.map(base + p * 0x1000, 0x10000000 + p * 0x1000, ept::kPage4K, ept::rwx);
    };
    std::thread reader([&] {
      ready.fetch_add(1);
      while (!done.load()) {
        auto t = e.translate(0x10);
        if (!t.ok() || t->host_physical != 0x5010) ++bad_reads;
      }
    });
    std::thread w0(writer, 0), w1(writer, 1);
    w0.join(), w1.join();
    done = true;
    reader.join();
    for (std::uint64_t p = 0; p < kPages; ++p) {
      auto t = e.translate(base + p * 0x1000);
      if (!t.ok() || t->host_physical != 0x10000000 + p * 0x1000) ++lost_mappings;
    }
    // PML4, PDPT, the PD and PT of page 0, the PD and PT of `base`.
    if (e.table_count() != 6 || mem.allocated() != 6) ++lost_tables;
    EXPECT_EQ(e.mapped_bytes(), (kPages + 1) * ept::kPage4K);
    e.destroy();
    EXPECT_EQ(mem.allocated(), 0u);
  }
  EXPECT_EQ(lost_mappings, 0u);
  EXPECT_EQ(lost_tables, 0u);
  EXPECT_EQ(bad_reads, 0u);
}

// Map and unmap of different pages from two threads keep the byte count.
TEST(EptConcurrency, MapAndUnmapFromTwoThreadsKeepTheCount) {
  SharedTables mem(64);
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  auto churn = [&](std::uint64_t first) {
    for (int i = 0; i < 20000; ++i) {
      std::uint64_t gpa = (first + (i % 8) * 2) * 0x1000;
      if (!e.map(gpa, gpa + 0x40000000, ept::kPage4K, ept::read).ok()) continue;
      EXPECT_TRUE(e.unmap(gpa, ept::kPage4K).ok());
    }
  };
  std::thread a(churn, 0xe0000), b(churn, 0xe0001);
  a.join(), b.join();
  EXPECT_EQ(e.mapped_bytes(), 0u);
  e.destroy();
}

}  // namespace
