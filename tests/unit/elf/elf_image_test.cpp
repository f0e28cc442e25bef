// Guest ELF parsing: valid ELF64/ELF32 images with and without the PVH
// note, and every refusal of a malformed or oversized image.
#include "elf/elf_image.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

struct Seg {
  std::uint32_t type = 1;  // PT_LOAD
  std::uint64_t offset, paddr, filesz, memsz;
  std::uint32_t flags = 5;
};

void put(std::vector<std::uint8_t>& b, std::size_t off, std::uint64_t v, int n) {
  if (b.size() < off + n) b.resize(off + n);
  for (int i = 0; i < n; ++i) b[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::vector<std::uint8_t> make_elf(bool is64, std::uint64_t entry, const std::vector<Seg>& segs,
                                   std::size_t file_size = 0x3000) {
  std::vector<std::uint8_t> b(file_size, 0);
  b[0] = 0x7f, b[1] = 'E', b[2] = 'L', b[3] = 'F', b[4] = is64 ? 2 : 1, b[5] = 1, b[6] = 1;
  put(b, 16, 2, 2);                 // ET_EXEC
  put(b, 18, is64 ? 62 : 3, 2);     // machine
  std::size_t ph = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
  if (is64) {
    put(b, 24, entry, 8), put(b, 32, ph, 8), put(b, 54, phsize, 2), put(b, 56, segs.size(), 2);
  } else {
    put(b, 24, entry, 4), put(b, 28, ph, 4), put(b, 42, phsize, 2), put(b, 44, segs.size(), 2);
  }
  for (std::size_t i = 0; i < segs.size(); ++i) {
    std::size_t o = ph + i * phsize;
    const Seg& s = segs[i];
    if (is64) {
      put(b, o, s.type, 4), put(b, o + 4, s.flags, 4), put(b, o + 8, s.offset, 8);
      put(b, o + 16, s.paddr, 8), put(b, o + 24, s.paddr, 8), put(b, o + 32, s.filesz, 8);
      put(b, o + 40, s.memsz, 8);
    } else {
      put(b, o, s.type, 4), put(b, o + 4, s.offset, 4), put(b, o + 8, s.paddr, 4);
      put(b, o + 12, s.paddr, 4), put(b, o + 16, s.filesz, 4), put(b, o + 20, s.memsz, 4);
      put(b, o + 24, s.flags, 4);
    }
  }
  return b;
}

constexpr std::uint64_t kMem = 16ull << 20;

TEST(Elf, ParsesElf64Segments) {
  auto f = make_elf(true, 0x100010, {{1, 0x1000, 0x100000, 0x800, 0x2000, 5}, {1, 0x2000, 0x200000, 0x100, 0x100, 6}});
  elf::Image img;
  ASSERT_TRUE(elf::parse(f, kMem, img).ok());
  EXPECT_TRUE(img.is_64bit);
  EXPECT_EQ(img.entry, 0x100010u);
  EXPECT_FALSE(img.pvh_note);
  ASSERT_EQ(img.segment_count, 2u);
  EXPECT_EQ(img.segments[0].guest_physical, 0x100000u);
  EXPECT_EQ(img.segments[0].file_size, 0x800u);
  EXPECT_EQ(img.segments[0].memory_size, 0x2000u);
  EXPECT_TRUE(img.segments[0].executable);
  EXPECT_FALSE(img.segments[0].writable);
  EXPECT_TRUE(img.segments[1].writable);
  EXPECT_EQ(img.lowest, 0x100000u);
  EXPECT_EQ(img.highest, 0x200100u);
}

TEST(Elf, ParsesElf32) {
  auto f = make_elf(false, 0x100000, {{1, 0x1000, 0x100000, 0x10, 0x10, 5}});
  elf::Image img;
  ASSERT_TRUE(elf::parse(f, kMem, img).ok());
  EXPECT_FALSE(img.is_64bit);
  EXPECT_EQ(img.segment_count, 1u);
}

TEST(Elf, PrefersThePvhEntryNote) {
  auto f = make_elf(true, 0xffffffff80001000ull,
                    {{1, 0x1000, 0x100000, 0x10, 0x10, 5}, {4, 0x2000, 0, 20, 20, 4}});
  put(f, 0x2000, 4, 4), put(f, 0x2004, 4, 4), put(f, 0x2008, 18, 4);
  f[0x200c] = 'X', f[0x200d] = 'e', f[0x200e] = 'n', f[0x200f] = 0;
  put(f, 0x2010, 0x100004, 4);
  elf::Image img;
  ASSERT_TRUE(elf::parse(f, kMem, img).ok());
  EXPECT_TRUE(img.pvh_note);
  EXPECT_EQ(img.entry, 0x100004u);
}

TEST(Elf, RejectsMalformedImages) {
  elf::Image img;
  auto expect_error = [&](std::vector<std::uint8_t> f, const char* reason) {
    auto st = elf::parse(f, kMem, img);
    EXPECT_FALSE(st.ok()) << reason;
    if (!st.ok()) {
      EXPECT_STREQ(st.reason(), reason);
    }
  };
  expect_error({1, 2, 3}, "not an ELF file");
  auto good = make_elf(true, 0x100000, {{1, 0x1000, 0x100000, 0x10, 0x10, 5}});
  auto patched = [&](std::size_t off, std::uint64_t v, int n) {
    auto f = good;
    put(f, off, v, n);
    return f;
  };
  expect_error(patched(4, 3, 1), "unknown ELF class");
  expect_error(patched(5, 2, 1), "not a little-endian ELF file");
  expect_error(patched(16, 3, 2), "not an executable ELF file");
  expect_error(patched(18, 3, 2), "not an x86 ELF file");
  expect_error(patched(56, 0, 2), "no program headers");
  expect_error(patched(56, 1000, 2), "program headers run past the end of the file");
  expect_error(patched(54, 8, 2), "program header entries too small");
  expect_error(make_elf(true, 0x100000, {{1, 0x1000, 0x100000, 0x20, 0x10, 5}}),
               "segment file size exceeds its memory size");
  expect_error(make_elf(true, 0x100000, {{1, 0x2f00, 0x100000, 0x200, 0x200, 5}}),
               "segment data runs past the end of the file");
  expect_error(make_elf(true, 0x100000, {{1, 0x1000, kMem - 0x10, 0x10, 0x20, 5}}),
               "segment lies outside the domain's memory");
  expect_error(make_elf(true, 0x100000, {{1, 0x1000, UINT64_MAX - 4, 0x10, 0x20, 5}}),
               "segment lies outside the domain's memory");
  expect_error(make_elf(true, 0x100000, {{1, 0x1000, 0x100000, 0x10, 0x1000, 5}, {1, 0x1000, 0x100800, 0x10, 0x10, 5}}),
               "loadable segments overlap");
  expect_error(make_elf(true, kMem, {{1, 0x1000, 0x100000, 0x10, 0x10, 5}}),
               "entry point outside the domain's 32-bit memory");
  expect_error(make_elf(true, 0x100000, {{4, 0x1000, 0x100000, 0x10, 0x10, 5}}), "no loadable segments");
  std::vector<Seg> many(17, Seg{1, 0x1000, 0, 0x10, 0x10, 5});
  for (std::size_t i = 0; i < many.size(); ++i) many[i].paddr = 0x100000 + i * 0x1000;
  expect_error(make_elf(true, 0x100000, many), "too many loadable segments");
}

TEST(Elf, TruncationAtEveryLengthNeverCrashes) {
  auto good = make_elf(true, 0x100000, {{1, 0x100, 0x100000, 0x10, 0x10, 5}}, 0x200);
  elf::Image img;
  for (std::size_t n = 0; n < good.size(); ++n) {
    std::vector<std::uint8_t> cut(good.begin(), good.begin() + n);
    (void)elf::parse(cut, kMem, img);
  }
  EXPECT_TRUE(elf::parse(good, kMem, img).ok());
}

}  // namespace
