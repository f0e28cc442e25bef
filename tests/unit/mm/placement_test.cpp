// mm::find_placement: the metadata lands inside one usable range, clear of
// every reserved range, aligned, below the limit, as high as possible; and a
// brute-force search confirms that a refusal means nothing fits.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "mm/frame_allocator.h"

namespace {

using mm::find_placement;
using mm::PhysRange;
constexpr std::uint64_t K = 4096;

support::Result<std::uint64_t> place(std::vector<PhysRange> usable, std::vector<PhysRange> reserved,
                                     std::uint64_t bytes, std::uint64_t align, std::uint64_t below = ~0ull) {
  return find_placement(usable, reserved, bytes, align, below);
}

TEST(FindPlacement, HighestFitInsideUsableAndBelowLimit) {
  auto r = place({{0x1000, 0x9f000}, {0x100000, 0x8000000}}, {}, 0x20000, K);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0x8000000u - 0x20000);
  r = place({{0x1000, 0x9f000}, {0x100000, 0x8000000}}, {}, 0x20000, K, 0x4000000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0x4000000u - 0x20000);
  r = place({{0x1000, 0x9f000}, {0x100000, 0x8000000}}, {}, 0x20000, K, 0x100000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0x9f000u - 0x20000);
}

TEST(FindPlacement, StepsBelowReservedRanges) {
  // Image at the top of the range, modules below it: the bitmap goes under both.
  auto r = place({{0x100000, 0x1000000}}, {{0xf00000, 0x1000000}, {0xe00000, 0xf00001}, {0x0, 0x1000}}, 0x3000,
                 K);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0xe00000u - 0x3000);
  // Fits exactly between two reserved ranges.
  r = place({{0, 0x10000}}, {{0, 0x4000}, {0x6000, 0x10000}}, 0x2000, K);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0x4000u);
  // One byte too many: nothing fits.
  r = place({{0, 0x10000}}, {{0, 0x4000}, {0x6000, 0x10000}}, 0x2001, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, support::Errc::no_memory);
}

TEST(FindPlacement, AlignmentIsHonoured) {
  auto r = place({{0x1234, 0x20000}}, {}, 0x100, 0x10000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0x10000u);
  r = place({{0x1234, 0xffff}}, {}, 0x100, 0x10000);  // the only aligned address, 0, is not usable
  EXPECT_FALSE(r.ok());
}

TEST(FindPlacement, InvalidArgumentsAndEmptyInputs) {
  EXPECT_EQ(place({{0, 0x10000}}, {}, 0, K).error().code, support::Errc::invalid);
  EXPECT_EQ(place({{0, 0x10000}}, {}, 8, 0).error().code, support::Errc::invalid);
  EXPECT_EQ(place({{0, 0x10000}}, {}, 8, 24).error().code, support::Errc::invalid);
  EXPECT_FALSE(place({}, {}, 8, 8).ok());
  EXPECT_FALSE(place({{0x5000, 0x1000}}, {}, 8, 8).ok());  // inverted range
  EXPECT_FALSE(place({{0, 0x10000}}, {}, 0x10001, 1).ok());
  EXPECT_FALSE(place({{0, 0x10000}}, {}, 8, 8, 4).ok());
  // Near the top of the address space nothing wraps.
  auto r = place({{~0ull - 0x3fff, ~0ull}}, {}, 0x1000, K);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0xffffffffffffe000ull);  // [.., ~0) holds [..e000, ..f000) but not [..f000, 2^64)
}

TEST(FindPlacement, RandomLayoutsAgainstBruteForce) {
  std::mt19937_64 rng(99);
  for (int iter = 0; iter < 3000; ++iter) {
    const std::uint64_t space = 0x40000;
    std::vector<PhysRange> usable, reserved;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 4); i < n; ++i) {
      std::uint64_t b = rng() % space;
      usable.push_back({b, b + rng() % (space / 2)});
    }
    for (int i = 0, n = static_cast<int>(rng() % 6); i < n; ++i) {
      std::uint64_t b = rng() % space;
      reserved.push_back({b, b + rng() % (space / 6)});
    }
    std::uint64_t bytes = 1 + rng() % 0x8000;
    std::uint64_t align = std::uint64_t{1} << (rng() % 14);
    std::uint64_t below = rng() % 2 ? ~0ull : rng() % (2 * space);
    auto ok_at = [&](std::uint64_t p) {
      if (p + bytes > below) return false;
      bool in = false;
      for (auto& u : usable) in |= u.base <= p && p + bytes <= u.end;
      if (!in) return false;
      for (auto& r : reserved)
        if (r.end > r.base && r.base < p + bytes && p < r.end) return false;
      return true;
    };
    std::uint64_t best = 0;
    bool any = false;
    for (std::uint64_t p = 0; p < 2 * space; p += align)
      if (ok_at(p)) { best = p; any = true; }
    auto r = find_placement(usable, reserved, bytes, align, below);
    ASSERT_EQ(r.ok(), any) << iter;
    if (any) {
      EXPECT_EQ(*r, best) << iter;
      EXPECT_TRUE(ok_at(*r));
    }
  }
}

}  // namespace
