// bootinfo::parse_multiboot2: valid structures as GRUB lays them out, and
// every way the untrusted structure can be malformed (sizes, alignment,
// missing end tag, unterminated strings, bad memory maps, truncation).
#include "bootinfo/multiboot2.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>

#include "mb2_builder.h"

namespace {

using bootinfo::BootInfo;
using bootinfo::MemoryType;
using mb2test::Builder;

// BootInfo is several KiB; keep it off the test's stack frame.
std::unique_ptr<BootInfo> fresh() { return std::make_unique<BootInfo>(); }

support::Status parse(const std::vector<std::uint8_t>& v, BootInfo& out) {
  return bootinfo::parse_multiboot2(support::Bytes(v.data(), v.size()), out);
}

bool inside(const std::vector<std::uint8_t>& v, std::string_view s) {
  auto* lo = reinterpret_cast<const char*>(v.data());
  return s.empty() || (s.data() >= lo && s.data() + s.size() <= lo + v.size());
}
bool inside(const std::vector<std::uint8_t>& v, support::Bytes b) {
  return b.empty() || (b.data() >= v.data() && b.data() + b.size() <= v.data() + v.size());
}

// Every view of a successful parse lies inside the input, and counts are in range.
void expect_sane(const std::vector<std::uint8_t>& v, const BootInfo& info) {
  EXPECT_TRUE(inside(v, info.cmdline));
  EXPECT_TRUE(inside(v, info.loader_name));
  EXPECT_TRUE(inside(v, info.rsdp));
  ASSERT_LE(info.region_count, BootInfo::kMaxRegions);
  ASSERT_LE(info.module_count, BootInfo::kMaxModules);
  for (std::size_t i = 0; i < info.module_count; ++i) {
    EXPECT_TRUE(inside(v, info.modules[i].cmdline));
    EXPECT_LE(info.modules[i].start, info.modules[i].end);
  }
  for (std::size_t i = 0; i < info.region_count; ++i) {
    EXPECT_NE(info.regions[i].length, 0u);
    EXPECT_LE(info.regions[i].length, ~std::uint64_t{0} - info.regions[i].base);
  }
}

void expect_empty(const BootInfo& info) {
  EXPECT_TRUE(info.cmdline.empty());
  EXPECT_TRUE(info.loader_name.empty());
  EXPECT_EQ(info.region_count, 0u);
  EXPECT_EQ(info.module_count, 0u);
  EXPECT_EQ(info.dropped_regions, 0u);
  EXPECT_EQ(info.dropped_modules, 0u);
  EXPECT_TRUE(info.rsdp.empty());
  EXPECT_EQ(info.framebuffer_addr, 0u);
}

TEST(Multiboot2, MinimalStructureIsJustTheEndTag) {
  auto v = Builder().end().build();
  ASSERT_EQ(v.size(), 16u);
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  expect_empty(*info);
}

TEST(Multiboot2, GrubLikeStructure) {
  auto v = mb2test::grub_like();
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_TRUE(st.ok()) << st.reason();
  expect_sane(v, *info);
  EXPECT_EQ(info->cmdline, "console=com1 max_cpus=4");
  EXPECT_EQ(info->loader_name, "GRUB 2.06");
  ASSERT_EQ(info->module_count, 2u);
  EXPECT_EQ(info->modules[0].start, 0x200000u);
  EXPECT_EQ(info->modules[0].end, 0x210000u);
  EXPECT_EQ(info->modules[0].cmdline, "mgmt.elf");
  EXPECT_EQ(info->modules[1].cmdline, "rt1.cfg");
  ASSERT_EQ(info->region_count, 6u);
  EXPECT_EQ(info->regions[0].base, 0u);
  EXPECT_EQ(info->regions[0].length, 0x9fc00u);
  EXPECT_EQ(info->regions[0].type, MemoryType::usable);
  EXPECT_EQ(info->regions[3].base, 0x100000u);
  EXPECT_EQ(info->regions[3].length, 0x7ee0000u);
  EXPECT_EQ(info->regions[4].type, MemoryType::acpi_reclaimable);
  EXPECT_EQ(info->regions[5].type, MemoryType::reserved);
  EXPECT_EQ(info->dropped_regions, 0u);
  EXPECT_EQ(info->framebuffer_addr, 0xfd000000u);
  // The ACPI 2.0 copy is preferred over the 1.0 copy.
  ASSERT_EQ(info->rsdp.size(), 36u);
  EXPECT_EQ(info->rsdp[8], 0x22);
  EXPECT_EQ(std::memcmp(info->rsdp.data(), "RSD PTR ", 8), 0);
}

TEST(Multiboot2, StringsExcludeTheirNulAndMayBeEmpty) {
  auto v = Builder().string_tag(1, "").string_tag(2, "x").end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_TRUE(info->cmdline.empty());
  EXPECT_EQ(info->loader_name, "x");
  EXPECT_EQ(info->loader_name.size(), 1u);
}

TEST(Multiboot2, StringStopsAtFirstNulInsideTag) {
  std::vector<std::uint8_t> p = {'a', 'b', 0, 'c', 'd', 0};
  auto v = Builder().tag(1, p).end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_EQ(info->cmdline, "ab");
}

TEST(Multiboot2, AcpiOldAloneAndNewPreferredRegardlessOfOrder) {
  auto info = fresh();
  auto old_only = Builder().tag(14, mb2test::rsdp_bytes(20, 0x11)).end().build();
  ASSERT_TRUE(parse(old_only, *info).ok());
  ASSERT_EQ(info->rsdp.size(), 20u);
  EXPECT_EQ(info->rsdp[10], 0x11);

  auto new_first = Builder().tag(15, mb2test::rsdp_bytes(36, 0x22)).tag(14, mb2test::rsdp_bytes(20, 0x11)).end().build();
  ASSERT_TRUE(parse(new_first, *info).ok());
  ASSERT_EQ(info->rsdp.size(), 36u);
  EXPECT_EQ(info->rsdp[10], 0x22);
}

TEST(Multiboot2, AcpiTagsShorterThanAnRsdpAreRejected) {
  auto info = fresh();
  auto v = Builder().tag(14, mb2test::rsdp_bytes(19, 0x11)).end().build();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 14 (ACPI 1.0 RSDP) is smaller than its layout");
  v = Builder().tag(15, mb2test::rsdp_bytes(24, 0x11)).end().build();
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 15 (ACPI 2.0 RSDP) is smaller than its layout");
}

TEST(Multiboot2, UnknownAndUninterpretedTagsAreSkipped) {
  auto v = Builder()
               .tag(99, std::vector<std::uint8_t>(13, 0xab))
               .tag(5, std::vector<std::uint8_t>(12, 0))
               .tag(21, std::vector<std::uint8_t>(4, 0))
               .string_tag(1, "after")
               .end()
               .build();
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_TRUE(st.ok()) << st.reason();
  EXPECT_EQ(info->cmdline, "after");
}

TEST(Multiboot2, TagsAreFoundAtEightByteAlignment) {
  // "abc\0" makes a 12-byte tag; the next tag must be read at offset 8+16.
  auto v = Builder().string_tag(1, "abc").string_tag(2, "loader").end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_EQ(info->cmdline, "abc");
  EXPECT_EQ(info->loader_name, "loader");

  // A loader that forgot the padding: the parser looks at offset 24 and finds
  // the middle of the end tag (size 8 read as type, then 4 bytes past the
  // end), so the structure has no valid end tag.
  auto bad = Builder().no_padding().string_tag(1, "abc").end().build();
  ASSERT_EQ(bad.size(), 8u + 12u + 8u);
  auto st = parse(bad, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information has no end tag");
  expect_empty(*info);
}

TEST(Multiboot2, HeaderAndTotalSizeBounds) {
  auto info = fresh();
  std::vector<std::uint8_t> tiny = {16, 0, 0};
  auto st = parse(tiny, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information is shorter than its 8-byte header");
  std::vector<std::uint8_t> six = {6, 0, 0, 0, 0, 0};
  st = parse(six, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information is shorter than its 8-byte header");

  auto v = Builder().end().build();
  mb2test::set32(v, 0, 4);
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information total_size is smaller than its 8-byte header");

  v = Builder().end().build();
  mb2test::set32(v, 0, 24);  // claims 8 more bytes than we were given
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::range);
  EXPECT_STREQ(st.reason(), "boot information total_size runs past the bytes provided");

  // total_size = 8: the structure has room for no tag at all.
  v = Builder().end().build();
  mb2test::set32(v, 0, 8);
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information has no end tag");
}

TEST(Multiboot2, BytesPastTotalSizeAreNeverRead) {
  // total_size stops right after the cmdline tag; the end tag lies beyond it.
  auto v = Builder().string_tag(1, "hello").end().build();
  mb2test::set32(v, 0, 8 + 16);
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information has no end tag");
  // And a total_size that cuts a tag in half reports that tag.
  mb2test::set32(v, 0, 8 + 10);
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 1 (command line) runs past the end of the boot information");
}

TEST(Multiboot2, BytesAfterTheEndTagAreIgnored) {
  auto v = Builder().end().tag(1, {'x'}).build();  // an unterminated cmdline after the end
  auto info = fresh();
  EXPECT_TRUE(parse(v, *info).ok());
  EXPECT_TRUE(info->cmdline.empty());
}

TEST(Multiboot2, MissingEndTag) {
  auto v = Builder().string_tag(1, "x").build();
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "boot information has no end tag");
}

TEST(Multiboot2, TagSmallerThanHeaderOrLayout) {
  auto info = fresh();
  for (std::uint32_t size : {0u, 1u, 7u}) {
    auto v = Builder().tag(1, {0, 0, 0, 0, 0, 0, 0, 0}, size).end().build();
    auto st = parse(v, *info);
    ASSERT_FALSE(st.ok()) << size;
    EXPECT_STREQ(st.reason(), "tag 1 (command line) is smaller than its layout");
  }
  auto v = Builder().tag(1234, {0, 0, 0, 0}, 4).end().build();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag of unknown type is smaller than its 8-byte header");

  v = Builder().tag(0, {}, 4).build();  // an end tag of size 4
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 0 (end) is smaller than its layout");

  v = Builder().tag(3, std::vector<std::uint8_t>(8, 0)).end().build();  // module without cmdline
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 3 (module) is smaller than its layout");

  v = Builder().tag(8, std::vector<std::uint8_t>(8, 0)).end().build();  // framebuffer address only
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 8 (framebuffer) is smaller than its layout");

  v = Builder().tag(6, {24, 0, 0, 0}).end().build();  // memory map without entry_version
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 6 (memory map) is smaller than its layout");
}

TEST(Multiboot2, TagRunsPastTheEnd) {
  auto info = fresh();
  // A memory map whose size claims one more entry than the structure holds.
  auto v = Builder().mmap({{0, 0x1000, 1}}).end().build();
  mb2test::set32(v, 8 + 4, 16 + 24 * 2);
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::range);
  EXPECT_STREQ(st.reason(), "tag 6 (memory map) runs past the end of the boot information");

  v = Builder().tag(77, {1, 2, 3, 4}).end().build();
  mb2test::set32(v, 8 + 4, 0xffffffffu);
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag of unknown type runs past the end of the boot information");
}

TEST(Multiboot2, UnterminatedStrings) {
  auto info = fresh();
  auto v = Builder().tag(1, {'a', 'b', 'c'}).end().build();  // padding zeros lie outside the tag
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 1 (command line) is not NUL-terminated");
  expect_empty(*info);

  v = Builder().tag(2, {'g', 'r', 'u', 'b'}).end().build();
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 2 (boot loader name) is not NUL-terminated");

  std::vector<std::uint8_t> p;
  mb2test::put32(p, 0x1000);
  mb2test::put32(p, 0x2000);
  p.push_back('m');
  v = Builder().tag(3, p).end().build();
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 3 (module) command line is not NUL-terminated");
}

TEST(Multiboot2, ModuleEndingBeforeItsStartIsRejected) {
  auto v = Builder().module(0x3000, 0x2000, "m").end().build();
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 3 (module) ends before it starts");
  // An empty module is fine.
  v = Builder().module(0x3000, 0x3000, "").end().build();
  ASSERT_TRUE(parse(v, *info).ok());
  ASSERT_EQ(info->module_count, 1u);
  EXPECT_EQ(info->modules[0].start, info->modules[0].end);
}

TEST(Multiboot2, TooManyModulesAreCountedAsDropped) {
  Builder b;
  for (std::uint32_t i = 0; i < BootInfo::kMaxModules + 3; ++i)
    b.module(0x100000 + i * 0x1000, 0x100800 + i * 0x1000, "m" + std::to_string(i));
  auto v = b.end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_EQ(info->module_count, BootInfo::kMaxModules);
  EXPECT_EQ(info->dropped_modules, 3u);
  EXPECT_EQ(info->modules[31].cmdline, "m31");
  EXPECT_EQ(info->modules[31].start, 0x100000u + 31 * 0x1000);
}

TEST(Multiboot2, MemoryMapEntrySizeAndVersion) {
  auto info = fresh();
  auto v = Builder().mmap({{0, 0x1000, 1}}, 20).end().build();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 6 (memory map) has entry_size below 24 bytes");

  v = Builder().mmap({}, 0).end().build();
  st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 6 (memory map) has entry_size below 24 bytes");

  // A newer entry format: larger entries, version 1; the first 24 bytes count.
  v = Builder().mmap({{0x1000, 0x2000, 1}, {0x100000, 0x300000, 4}}, 32, 1).end().build();
  st = parse(v, *info);
  ASSERT_TRUE(st.ok()) << st.reason();
  ASSERT_EQ(info->region_count, 2u);
  EXPECT_EQ(info->regions[1].base, 0x100000u);
  EXPECT_EQ(info->regions[1].length, 0x300000u);
  EXPECT_EQ(info->regions[1].type, MemoryType::acpi_nvs);

  // An empty map is valid.
  v = Builder().mmap({}).end().build();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_EQ(info->region_count, 0u);
}

TEST(Multiboot2, MemoryMapEndingInsideAnEntry) {
  // entry_size 24, entry_version 0, one whole entry and 16 bytes of a second.
  std::vector<std::uint8_t> p;
  mb2test::put32(p, 24);
  mb2test::put32(p, 0);
  p.resize(8 + 24 + 16, 0);
  auto v = Builder().tag(6, p).end().build();
  auto info = fresh();
  auto st = parse(v, *info);
  ASSERT_FALSE(st.ok());
  EXPECT_STREQ(st.reason(), "tag 6 (memory map) ends inside an entry");
}

TEST(Multiboot2, MemoryMapTypesLengthsAndOverflow) {
  auto v = Builder()
               .mmap({{0x0, 0x1000, 0}, {0x1000, 0x1000, 5}, {0x2000, 0, 1}, {0x3000, 0x1000, 6},
                      {0x4000, 0x1000, 0xffffffff}, {0xfffffffffffff000ull, 0x2000, 1},
                      {0, ~std::uint64_t{0}, 2}, {~std::uint64_t{0}, 0x1000, 1}})
               .end()
               .build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  expect_sane(v, *info);
  ASSERT_EQ(info->region_count, 6u);  // zero-length entries (also after clamping) are skipped
  EXPECT_EQ(info->regions[0].type, MemoryType::reserved);  // type 0 is undefined
  EXPECT_EQ(info->regions[1].type, MemoryType::bad);
  EXPECT_EQ(info->regions[2].base, 0x3000u);
  EXPECT_EQ(info->regions[2].type, MemoryType::reserved);  // type 6 (persistent) is not ours to use
  EXPECT_EQ(info->regions[3].type, MemoryType::reserved);
  EXPECT_EQ(info->regions[4].base, 0xfffffffffffff000ull);
  EXPECT_EQ(info->regions[4].length, 0xfffu);  // clamped so base + length does not wrap
  EXPECT_EQ(info->regions[4].type, MemoryType::usable);
  EXPECT_EQ(info->regions[5].length, ~std::uint64_t{0});
}

TEST(Multiboot2, TooManyRegionsAreCountedAsDropped) {
  std::vector<mb2test::MmapEntry> entries;
  for (std::uint64_t i = 0; i < BootInfo::kMaxRegions + 5; ++i) entries.push_back({i * 0x10000, 0x8000, 1});
  auto v = Builder().mmap(entries).end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  EXPECT_EQ(info->region_count, BootInfo::kMaxRegions);
  EXPECT_EQ(info->dropped_regions, 5u);
  EXPECT_EQ(info->regions[127].base, 127u * 0x10000);
}

TEST(Multiboot2, LaterMemoryMapReplacesEarlier) {
  auto v = Builder().mmap({{0, 0x1000, 1}, {0x1000, 0x1000, 1}}).mmap({{0x5000, 0x1000, 2}}).end().build();
  auto info = fresh();
  ASSERT_TRUE(parse(v, *info).ok());
  ASSERT_EQ(info->region_count, 1u);
  EXPECT_EQ(info->regions[0].base, 0x5000u);
}

TEST(Multiboot2, ErrorLeavesOutputEmpty) {
  auto info = fresh();
  auto good = mb2test::grub_like();
  ASSERT_TRUE(parse(good, *info).ok());
  ASSERT_NE(info->region_count, 0u);
  auto bad = Builder().string_tag(1, "x").mmap({{0, 0x1000, 1}}).module(1, 2, "m").tag(1, {'x'}).end().build();
  ASSERT_FALSE(parse(bad, *info).ok());
  expect_empty(*info);
}

TEST(Multiboot2, EveryTruncationOfAValidStructureIsRejectedOrSane) {
  auto v = mb2test::grub_like();
  auto info = fresh();
  for (std::size_t n = 0; n < v.size(); ++n) {
    // The span is cut but total_size still claims the whole: always a range error or short header.
    std::vector<std::uint8_t> cut(v.begin(), v.begin() + static_cast<long>(n));
    EXPECT_FALSE(parse(cut, *info).ok()) << n;
    expect_empty(*info);
    // total_size patched to the cut length: only cuts after the end tag could parse; none do here.
    if (n >= 4) {
      mb2test::set32(cut, 0, static_cast<std::uint32_t>(n));
      EXPECT_FALSE(parse(cut, *info).ok()) << n;
    }
  }
}

TEST(Multiboot2, RandomCorruptionNeverEscapesTheInput) {
  std::mt19937 rng(12345);
  auto base = mb2test::grub_like();
  auto info = fresh();
  int ok = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    auto v = base;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) v[rng() % v.size()] = static_cast<std::uint8_t>(rng());
    if (parse(v, *info).ok()) {
      ++ok;
      expect_sane(v, *info);
    } else {
      expect_empty(*info);
    }
  }
  EXPECT_GT(ok, 0);  // some corruptions hit bytes the parser does not interpret
}

TEST(Multiboot2, MemoryTypeNames) {
  EXPECT_STREQ(bootinfo::memory_type_name(MemoryType::usable), "usable");
  EXPECT_STREQ(bootinfo::memory_type_name(MemoryType::reserved), "reserved");
  EXPECT_STREQ(bootinfo::memory_type_name(MemoryType::acpi_reclaimable), "ACPI reclaimable");
  EXPECT_STREQ(bootinfo::memory_type_name(MemoryType::acpi_nvs), "ACPI NVS");
  EXPECT_STREQ(bootinfo::memory_type_name(MemoryType::bad), "bad");
  EXPECT_STREQ(bootinfo::memory_type_name(static_cast<MemoryType>(42)), "reserved");
}

}  // namespace
