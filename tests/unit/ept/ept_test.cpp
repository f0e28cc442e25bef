// EPT construction: mappings translate back exactly, entries carry the
// architectural bits, bad requests change nothing, destroy frees every table.
#include "ept/ept.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <vector>

namespace {

// Tables live in host buffers; "physical" addresses are fake, 4 KiB aligned.
class FakeTables final : public ept::TableMemory {
 public:
  support::Result<std::uint64_t> alloc_table() override {
    if (limit_ != 0 && live_.size() >= limit_)
      return support::make_error(support::Errc::no_memory, "test limit");
    std::uint64_t phys = next_;
    next_ += 0x1000;
    live_[phys] = std::make_unique<std::uint64_t[]>(512);
    return phys;
  }
  void free_table(std::uint64_t phys) override { live_.erase(phys); }
  std::uint64_t* table(std::uint64_t phys) override { return live_.at(phys).get(); }
  std::size_t live() const { return live_.size(); }
  void set_limit(std::size_t n) { limit_ = n; }

 private:
  std::uint64_t next_ = 0x100000000ull;
  std::size_t limit_ = 0;
  std::map<std::uint64_t, std::unique_ptr<std::uint64_t[]>> live_;
};

TEST(Ept, Maps4KAnd2MAndTranslates) {
  FakeTables mem;
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  ASSERT_TRUE(e.map(0x0, 0x7000000, ept::kPage4K, ept::rwx).ok());
  ASSERT_TRUE(e.map(0x200000, 0x40000000, ept::kPage2M, ept::read | ept::write).ok());
  auto t = e.translate(0x123);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host_physical, 0x7000123u);
  EXPECT_EQ(t->page_size, ept::kPage4K);
  EXPECT_EQ(t->access, ept::rwx);
  t = e.translate(0x3fffff);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host_physical, 0x401fffffu);
  EXPECT_EQ(t->page_size, ept::kPage2M);
  EXPECT_EQ(t->access, ept::read | ept::write);
  EXPECT_FALSE(e.translate(0x1000).ok());
  EXPECT_FALSE(e.translate(0x400000).ok());
  EXPECT_EQ(e.mapped_bytes(), ept::kPage4K + ept::kPage2M);
  // PML4 + PDPT + PD + one PT for the 4 KiB page.
  EXPECT_EQ(e.table_count(), 4u);
}

TEST(Ept, EntryBitsAndPointer) {
  FakeTables mem;
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  ASSERT_TRUE(e.map(0x200000, 0x40000000, ept::kPage2M, ept::rwx).ok());
  std::uint64_t eptp = e.pointer();
  EXPECT_EQ(eptp & 7, 6u);          // write-back
  EXPECT_EQ((eptp >> 3) & 7, 3u);   // 4-level walk
  std::uint64_t* pml4 = mem.table(eptp & ~0xfffull);
  std::uint64_t* pdpt = mem.table(pml4[0] & ~0xfffull);
  std::uint64_t* pd = mem.table(pdpt[0] & ~0xfffull);
  EXPECT_EQ(pd[1], 0x40000000ull | (6ull << 3) | (1ull << 7) | 7);
}

TEST(Ept, RefusesBadRequestsWithoutChange) {
  FakeTables mem;
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  ASSERT_TRUE(e.map(0x1000, 0x2000, ept::kPage4K, ept::rwx).ok());
  std::size_t tables = e.table_count();
  EXPECT_EQ(e.map(0x1000, 0x3000, ept::kPage4K, ept::rwx).code(), support::Errc::exists);
  EXPECT_EQ(e.map(0x0, 0x1000, ept::kPage2M, ept::rwx).code(), support::Errc::invalid);  // unaligned hpa
  EXPECT_EQ(e.map(0x0, 0x200000, ept::kPage2M, ept::rwx).code(), support::Errc::exists);  // hides a PT
  EXPECT_EQ(e.map(0x1800, 0x2000, ept::kPage4K, ept::rwx).code(), support::Errc::invalid);
  EXPECT_EQ(e.map(0x5000, 0x2000, 8192, ept::rwx).code(), support::Errc::invalid);
  EXPECT_EQ(e.map(0x5000, 0x2000, ept::kPage4K, ept::write).code(), support::Errc::invalid);
  EXPECT_EQ(e.map(0x5000, 0x2000, ept::kPage4K, 0).code(), support::Errc::invalid);
  EXPECT_EQ(e.map(ept::kMaxGuestPhysical, 0x2000, ept::kPage4K, ept::rwx).code(), support::Errc::range);
  EXPECT_EQ(e.table_count(), tables);
  EXPECT_EQ(e.translate(0x1000)->host_physical, 0x2000u);
  ASSERT_TRUE(e.map(0x400000, 0x600000, ept::kPage2M, ept::rwx).ok());
  EXPECT_EQ(e.map(0x401000, 0x9000, ept::kPage4K, ept::rwx).code(), support::Errc::exists);
}

TEST(Ept, OutOfTableMemoryIsAnError) {
  FakeTables mem;
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  mem.set_limit(2);
  EXPECT_EQ(e.map(0x0, 0x1000, ept::kPage4K, ept::rwx).code(), support::Errc::no_memory);
  EXPECT_FALSE(e.translate(0x0).ok());
}

TEST(Ept, UnmapAndDestroyFreeEverything) {
  FakeTables mem;
  ept::Ept e;
  ASSERT_TRUE(e.init(mem).ok());
  std::mt19937_64 rng(7);
  std::map<std::uint64_t, std::uint64_t> expected;
  for (int i = 0; i < 500; ++i) {
    std::uint64_t gpa = (rng() % (1ull << 27)) & ~0xfffull;
    std::uint64_t hpa = (rng() % (1ull << 36)) & ~0xfffull;
    if (e.map(gpa, hpa, ept::kPage4K, ept::rwx).ok()) expected[gpa] = hpa;
  }
  for (auto [gpa, hpa] : expected) ASSERT_EQ(e.translate(gpa + 0x10)->host_physical, hpa + 0x10);
  auto first = expected.begin()->first;
  ASSERT_TRUE(e.unmap(first, ept::kPage4K).ok());
  EXPECT_FALSE(e.translate(first).ok());
  EXPECT_EQ(e.unmap(first, ept::kPage4K).code(), support::Errc::not_found);
  EXPECT_EQ(mem.live(), e.table_count());
  e.destroy();
  EXPECT_EQ(mem.live(), 0u);
  EXPECT_EQ(e.table_count(), 0u);
}

}  // namespace
