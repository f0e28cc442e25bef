// mm::FrameAllocator: exact pool contents (partial frames, reserved wins,
// overlapping ranges), alignment and `below`, exhaustion, refused frees that
// change nothing, reserve(), next-fit, and a randomized comparison against a
// reference model that also proves every refused allocation really had no fit.
#include "mm/frame_allocator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace {

using mm::FrameAllocator;
using mm::kFrameSize;
using mm::PhysRange;
constexpr std::uint64_t K = kFrameSize;
constexpr std::uint64_t MiB = 1ull << 20;

// An allocator with its own storage.
struct Fixture {
  std::vector<std::uint64_t> words;
  FrameAllocator fa;
  support::Status init(std::vector<PhysRange> usable, std::vector<PhysRange> reserved = {}) {
    std::uint64_t lo = ~0ull, hi = 0;
    for (auto& r : usable)
      if (r.end > r.base) { lo = std::min(lo, r.base); hi = std::max(hi, r.end); }
    words.assign(hi > lo ? FrameAllocator::bitmap_words(lo, hi) : 0, 0xdeadbeefdeadbeefull);
    return fa.init(usable, reserved, words);
  }
};

std::vector<std::uint64_t> free_list(const FrameAllocator& fa, std::uint64_t lo, std::uint64_t hi) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t a = lo; a < hi; a += K)
    if (fa.is_free(a)) out.push_back(a);
  return out;
}

TEST(FrameAllocator, BitmapWords) {
  EXPECT_EQ(FrameAllocator::bitmap_words(0, 0), 0u);
  EXPECT_EQ(FrameAllocator::bitmap_words(0, K), 2u);            // one frame: one word per bitmap
  EXPECT_EQ(FrameAllocator::bitmap_words(0, 64 * K), 2u);
  EXPECT_EQ(FrameAllocator::bitmap_words(0, 65 * K), 4u);
  EXPECT_EQ(FrameAllocator::bitmap_words(0x1800, 0x2800), 2u);  // [0x1000, 0x2000): one frame
  EXPECT_EQ(FrameAllocator::bitmap_words(0x1800, 0x1900), 0u);
  EXPECT_EQ(FrameAllocator::bitmap_words(0, 4ull << 30), 2u * (1u << 20) / 64);
}

TEST(FrameAllocator, TooSmallStorageIsRejected) {
  std::vector<std::uint64_t> words(FrameAllocator::bitmap_words(0, 128 * K) - 1);
  FrameAllocator fa;
  std::vector<PhysRange> usable = {{0, 128 * K}};
  auto st = fa.init(usable, {}, words);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::no_space);
  EXPECT_EQ(fa.total_frames(), 0u);
  EXPECT_FALSE(fa.alloc().ok());
}

TEST(FrameAllocator, EmptyUsableListGivesEmptyPool) {
  FrameAllocator fa;
  std::vector<PhysRange> usable = {{0x5000, 0x5000}, {0x9000, 0x1000}};
  ASSERT_TRUE(fa.init(usable, {}, {}).ok());
  EXPECT_EQ(fa.total_frames(), 0u);
  auto r = fa.alloc();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, support::Errc::no_memory);
  EXPECT_FALSE(fa.free(0x5000).ok());
}

TEST(FrameAllocator, PartialFramesAtEdgesAreExcluded) {
  Fixture f;
  // [0x1800, 0x5800) wholly contains frames 0x2000, 0x3000, 0x4000 only.
  ASSERT_TRUE(f.init({{0x1800, 0x5800}}).ok());
  EXPECT_EQ(f.fa.total_frames(), 3u);
  EXPECT_EQ(f.fa.free_frames(), 3u);
  EXPECT_EQ(free_list(f.fa, 0, 0x8000), (std::vector<std::uint64_t>{0x2000, 0x3000, 0x4000}));

  // A reserved range touching a frame by one byte excludes the whole frame.
  ASSERT_TRUE(f.init({{0x1800, 0x5800}}, {{0x3fff, 0x4001}}).ok());
  EXPECT_EQ(free_list(f.fa, 0, 0x8000), (std::vector<std::uint64_t>{0x2000}));
  EXPECT_EQ(f.fa.total_frames(), 1u);

  // A usable range smaller than a frame contributes nothing.
  ASSERT_TRUE(f.init({{0x1100, 0x1f00}, {0x10000, 0x12000}}).ok());
  EXPECT_EQ(free_list(f.fa, 0, 0x20000), (std::vector<std::uint64_t>{0x10000, 0x11000}));
}

TEST(FrameAllocator, OverlappingUsableRangesCountOnce) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 16 * K}, {8 * K, 24 * K}, {4 * K, 6 * K}, {0, 16 * K}}).ok());
  EXPECT_EQ(f.fa.total_frames(), 24u);
  // A run may span two overlapping/adjacent ranges.
  auto r = f.fa.alloc(24);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
  EXPECT_EQ(f.fa.free_frames(), 0u);
}

TEST(FrameAllocator, ReservedWinsOverUsable) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 64 * K}}, {{0, K}, {10 * K, 20 * K}, {63 * K, 100 * K}, {5 * K, 5 * K}}).ok());
  EXPECT_EQ(f.fa.total_frames(), 64u - 1 - 10 - 1);
  for (int i = 0; i < 64; ++i) {
    bool reserved = i == 0 || (i >= 10 && i < 20) || i == 63;
    EXPECT_EQ(f.fa.is_free(i * K), !reserved) << i;
  }
  // Every frame handed out is outside the reserved ranges.
  for (;;) {
    auto r = f.fa.alloc();
    if (!r.ok()) break;
    EXPECT_NE(*r, 0u);
    EXPECT_FALSE(*r >= 10 * K && *r < 20 * K);
    EXPECT_NE(*r, 63 * K);
  }
  EXPECT_EQ(f.fa.free_frames(), 0u);
}

TEST(FrameAllocator, UnalignedSpanBaseKeepsPhysicalAlignment) {
  Fixture f;
  // The span starts at frame 3; 4-frame alignment is of the physical address.
  ASSERT_TRUE(f.init({{3 * K, 64 * K}}).ok());
  auto r = f.fa.alloc(2, 4);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 4 * K);
  r = f.fa.alloc(1, 16);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 16 * K);
  r = f.fa.alloc(8, 8);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 24 * K);
}

TEST(FrameAllocator, AlignmentAndBelow) {
  Fixture f;
  ASSERT_TRUE(f.init({{0x1000, 0x9f000}, {0x100000, 0x8000000}}, {{0x100000, 0x400000}}).ok());
  // Below 1 MiB: the AP trampoline frame.
  auto low = f.fa.alloc(1, 1, 0x100000);
  ASSERT_TRUE(low.ok());
  EXPECT_LT(*low + K, 0x100000u + 1);
  // 2 MiB-aligned 2 MiB run.
  auto big = f.fa.alloc(512, 512);
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(*big % (2 * MiB), 0u);
  EXPECT_GE(*big, 0x400000u);
  // `below` limits the end, not the start: a run ending exactly at `below` fits.
  Fixture g;
  ASSERT_TRUE(g.init({{0, 8 * K}}).ok());
  auto r = g.fa.alloc(8, 1, 8 * K);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
  ASSERT_TRUE(g.fa.free(0, 8).ok());
  EXPECT_FALSE(g.fa.alloc(8, 1, 8 * K - 1).ok());
  r = g.fa.alloc(7, 1, 8 * K - 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
  // below <= span base: nothing.
  Fixture h;
  ASSERT_TRUE(h.init({{MiB, 2 * MiB}}).ok());
  auto none = h.fa.alloc(1, 1, MiB);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, support::Errc::no_memory);
  EXPECT_EQ(h.fa.free_frames(), 256u);
}

TEST(FrameAllocator, BelowWithNextFitHintAboveTheLimitStillFindsLowFrames) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 4 * MiB}}).ok());
  for (int i = 0; i < 600; ++i) ASSERT_TRUE(f.fa.alloc().ok());  // hint now past 2 MiB
  ASSERT_TRUE(f.fa.free(5 * K).ok());
  auto r = f.fa.alloc(1, 1, MiB);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 5 * K);
}

TEST(FrameAllocator, InvalidArguments) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 64 * K}}).ok());
  EXPECT_EQ(f.fa.alloc(0).error().code, support::Errc::invalid);
  EXPECT_EQ(f.fa.alloc(1, 0).error().code, support::Errc::invalid);
  EXPECT_EQ(f.fa.alloc(1, 3).error().code, support::Errc::invalid);
  EXPECT_EQ(f.fa.free(0, 0).code(), support::Errc::invalid);
  EXPECT_EQ(f.fa.free_frames(), 64u);
}

TEST(FrameAllocator, ExhaustionAndReuse) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 100 * K}}, {{50 * K, 51 * K}}).ok());
  ASSERT_EQ(f.fa.total_frames(), 99u);
  std::vector<std::uint64_t> got;
  for (;;) {
    auto r = f.fa.alloc();
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, support::Errc::no_memory);
      break;
    }
    got.push_back(*r);
  }
  EXPECT_EQ(got.size(), 99u);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(std::adjacent_find(got.begin(), got.end()), got.end());  // no frame twice
  EXPECT_EQ(f.fa.free_frames(), 0u);
  EXPECT_EQ(f.fa.allocated_frames(), 99u);
  ASSERT_TRUE(f.fa.free(30 * K).ok());
  auto again = f.fa.alloc();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 30 * K);
  // A run larger than any free stretch fails even with enough free frames in total.
  ASSERT_TRUE(f.fa.free(10 * K, 2).ok());
  ASSERT_TRUE(f.fa.free(20 * K, 2).ok());
  EXPECT_EQ(f.fa.free_frames(), 4u);
  EXPECT_EQ(f.fa.alloc(3).error().code, support::Errc::no_memory);
  EXPECT_EQ(f.fa.free_frames(), 4u);
  // A run cannot cross the reserved frame.
  ASSERT_TRUE(f.fa.free(49 * K).ok());
  ASSERT_TRUE(f.fa.free(51 * K).ok());
  EXPECT_FALSE(f.fa.alloc(3).ok());
}

// The allocator's observable state: every frame's free/allocated bits and the counts.
struct Snapshot {
  std::vector<bool> free, allocated;
  std::uint64_t nfree, total;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snap(const FrameAllocator& fa, std::uint64_t lo, std::uint64_t hi) {
  Snapshot s{{}, {}, fa.free_frames(), fa.total_frames()};
  for (std::uint64_t a = lo; a < hi; a += K) {
    s.free.push_back(fa.is_free(a));
    s.allocated.push_back(fa.is_allocated(a));
  }
  return s;
}

TEST(FrameAllocator, RefusedFreesChangeNothing) {
  Fixture f;
  ASSERT_TRUE(f.init({{0x10000, 0x50000}}, {{0x20000, 0x21000}}).ok());
  auto a = f.fa.alloc(4);
  auto b = f.fa.alloc(1);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(f.fa.free(*b).ok());
  const Snapshot before = snap(f.fa, 0, 0x60000);

  auto expect_refused = [&](std::uint64_t phys, std::size_t n, support::Errc code) {
    auto st = f.fa.free(phys, n);
    EXPECT_FALSE(st.ok()) << std::hex << phys << " " << n;
    EXPECT_EQ(st.code(), code) << std::hex << phys << " " << n;
    EXPECT_TRUE(snap(f.fa, 0, 0x60000) == before) << std::hex << phys << " " << n;
  };
  expect_refused(*b, 1, support::Errc::invalid);            // double free
  expect_refused(*a + 1, 1, support::Errc::invalid);        // unaligned
  expect_refused(*a + 0x800, 2, support::Errc::invalid);
  expect_refused(*a, 5, support::Errc::invalid);            // run extends past the allocation
  expect_refused(*a - K, 2, support::Errc::range);          // starts before it, below the span
  expect_refused(*a + 3 * K, 3, support::Errc::invalid);    // last frame of it plus free ones
  expect_refused(0x20000, 1, support::Errc::invalid);       // reserved, never allocated
  expect_refused(0x0, 1, support::Errc::range);             // below the span
  expect_refused(0x50000, 1, support::Errc::range);         // at the end of the span
  expect_refused(0x4f000, 2, support::Errc::range);         // runs past the end
  expect_refused(0x10000, ~std::size_t{0}, support::Errc::range);
  expect_refused(~0ull & ~(K - 1), 1, support::Errc::range);
  // The real allocation is still intact and can be freed exactly once.
  ASSERT_TRUE(f.fa.free(*a, 4).ok());
  EXPECT_FALSE(f.fa.free(*a, 4).ok());
  EXPECT_EQ(f.fa.free_frames(), f.fa.total_frames());
}

TEST(FrameAllocator, PartialFreeOfARun) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 32 * K}}).ok());
  auto a = f.fa.alloc(8);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(f.fa.free(*a + 2 * K, 3).ok());
  EXPECT_EQ(f.fa.free_frames(), 32u - 5);
  EXPECT_TRUE(f.fa.is_allocated(*a + K));
  EXPECT_TRUE(f.fa.is_free(*a + 2 * K));
  EXPECT_TRUE(f.fa.is_allocated(*a + 5 * K));
}

TEST(FrameAllocator, ReserveTakesFreeFramesOutOfThePool) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 64 * K}}, {{0, K}}).ok());
  ASSERT_EQ(f.fa.total_frames(), 63u);
  // Rounded outward: [2.5K, 4.5K) touches frames 0 (already reserved) and 1.
  ASSERT_TRUE(f.fa.reserve({0xa00, K + 0x200}).ok());
  EXPECT_EQ(f.fa.total_frames(), 62u);
  EXPECT_EQ(f.fa.free_frames(), 62u);
  EXPECT_FALSE(f.fa.is_free(K));
  EXPECT_FALSE(f.fa.free(K).ok());  // reserved frames are never freeable
  // Outside the span and empty ranges: no-ops.
  ASSERT_TRUE(f.fa.reserve({100 * K, 200 * K}).ok());
  ASSERT_TRUE(f.fa.reserve({10 * K, 10 * K}).ok());
  ASSERT_TRUE(f.fa.reserve({10 * K, 5 * K}).ok());
  EXPECT_EQ(f.fa.total_frames(), 62u);
  // Straddling the end of the span takes only what is inside.
  ASSERT_TRUE(f.fa.reserve({62 * K, 1000 * K}).ok());
  EXPECT_EQ(f.fa.total_frames(), 60u);

  // Allocated frames in the range: refused, nothing changes.
  auto a = f.fa.alloc(2);
  ASSERT_TRUE(a.ok());
  const Snapshot before = snap(f.fa, 0, 64 * K);
  auto st = f.fa.reserve({*a - K, *a + 4 * K});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), support::Errc::busy);
  EXPECT_TRUE(snap(f.fa, 0, 64 * K) == before);
  // Reserving the free frames around it still works.
  ASSERT_TRUE(f.fa.reserve({*a + 2 * K, *a + 4 * K}).ok());
  EXPECT_EQ(f.fa.total_frames(), 58u);
  EXPECT_EQ(f.fa.free_frames(), 56u);
  // Never handed out again.
  for (;;) {
    auto r = f.fa.alloc();
    if (!r.ok()) break;
    EXPECT_FALSE(*r >= *a + 2 * K && *r < *a + 4 * K);
    EXPECT_GE(*r, 2 * K);
    EXPECT_LT(*r, 62 * K);
  }
}

TEST(FrameAllocator, NextFitMovesOnAndWraps) {
  Fixture f;
  ASSERT_TRUE(f.init({{0, 8 * K}}).ok());
  auto a = f.fa.alloc();
  auto b = f.fa.alloc();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, 0u);
  EXPECT_EQ(*b, K);
  ASSERT_TRUE(f.fa.free(*a).ok());
  auto c = f.fa.alloc();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, 2 * K);  // next fit, not first fit
  for (int i = 3; i < 8; ++i) ASSERT_TRUE(f.fa.alloc().ok());
  auto wrapped = f.fa.alloc();  // only frame 0 is left: found after wrapping
  ASSERT_TRUE(wrapped.ok());
  EXPECT_EQ(*wrapped, 0u);
  EXPECT_FALSE(f.fa.alloc().ok());
}

TEST(FrameAllocator, FourGibibytesOneFrameAtATimeAndLargeRuns) {
  Fixture f;
  ASSERT_TRUE(f.init({{0x1000, 0x9f000}, {0x100000, 0xc0000000}, {0x100000000ull, 0x140000000ull}},
                     {{0x100000, 0x800000}})
                  .ok());
  const std::uint64_t total = f.fa.total_frames();
  EXPECT_EQ(total, 0x9eu + (0xc0000000u - 0x800000u) / K + 0x40000000u / K);
  auto big = f.fa.alloc(65536, 512, 4ull << 30);  // 256 MiB, 2 MiB aligned, below 4 GiB
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(*big % (2 * MiB), 0u);
  EXPECT_LE(*big + 256 * MiB, 4ull << 30);
  std::uint64_t n = 0;
  for (;;) {
    auto r = f.fa.alloc();
    if (!r.ok()) break;
    ++n;
  }
  EXPECT_EQ(n, total - 65536);
  EXPECT_EQ(f.fa.free_frames(), 0u);
  ASSERT_TRUE(f.fa.free(*big, 65536).ok());
  EXPECT_EQ(f.fa.free_frames(), 65536u);
}

// ---- randomized comparison with a reference model --------------------------

enum class State { absent, free, used };

struct Reference {
  std::vector<State> s;  // by frame number from 0
  std::uint64_t nfree() const { return static_cast<std::uint64_t>(std::count(s.begin(), s.end(), State::free)); }
  bool run_fits(std::size_t start, std::size_t count) const {
    if (start + count > s.size()) return false;
    for (std::size_t i = start; i < start + count; ++i)
      if (s[i] != State::free) return false;
    return true;
  }
  bool any_fit(std::size_t count, std::size_t align, std::uint64_t below) const {
    for (std::size_t st = 0; st + count <= s.size(); st += align)
      if ((st + count) * K <= below && run_fits(st, count)) return true;
    return false;
  }
};

std::uint64_t rand_addr(std::mt19937_64& rng, std::uint64_t space) {
  std::uint64_t a = rng() % space;
  switch (rng() % 3) {
    case 0: return a & ~(K - 1);  // frame-aligned
    case 1: return a & ~0xffull;  // mostly unaligned
    default: return a;
  }
}

TEST(FrameAllocator, RandomLayoutsMatchReferenceModel) {
  std::mt19937_64 rng(0x7ac75u);
  const std::uint64_t space = 6 * MiB;  // 1536 frames
  const std::size_t frames = space / K;
  for (int layout = 0; layout < 60; ++layout) {
    std::vector<PhysRange> usable, reserved;
    int nu = 1 + static_cast<int>(rng() % 6), nr = static_cast<int>(rng() % 8);
    for (int i = 0; i < nu; ++i) {
      std::uint64_t b = rand_addr(rng, space), len = rand_addr(rng, space / 2);
      usable.push_back({b, std::min(space, b + len)});
    }
    for (int i = 0; i < nr; ++i) {
      std::uint64_t b = rand_addr(rng, space), len = rand_addr(rng, space / 8);
      reserved.push_back({b, b + len});
    }
    if (rng() % 4 == 0) reserved.push_back({5, 3});  // an inverted (empty) range
    Reference ref{std::vector<State>(frames, State::absent)};
    for (std::size_t fno = 0; fno < frames; ++fno) {
      std::uint64_t a = fno * K, e = a + K;
      bool in = false, res = false;
      for (auto& u : usable) in |= u.base <= a && e <= u.end;
      for (auto& r : reserved) res |= r.end > r.base && r.base < e && a < r.end;
      if (in && !res) ref.s[fno] = State::free;
    }
    Fixture f;
    ASSERT_TRUE(f.init(usable, reserved).ok());
    ASSERT_EQ(f.fa.total_frames(), ref.nfree()) << "layout " << layout;
    for (std::size_t fno = 0; fno < frames; ++fno)
      ASSERT_EQ(f.fa.is_free(fno * K), ref.s[fno] == State::free) << layout << " frame " << fno;

    std::vector<std::pair<std::uint64_t, std::size_t>> live;
    for (int op = 0; op < 400; ++op) {
      unsigned kind = static_cast<unsigned>(rng() % 10);
      if (kind < 5) {
        std::size_t count = 1 + (rng() % 3 == 0 ? rng() % 40 : rng() % 3);
        std::size_t align = std::size_t{1} << (rng() % 5);
        std::uint64_t below = rng() % 3 == 0 ? rand_addr(rng, space + MiB) : ~0ull;
        auto r = f.fa.alloc(count, align, below);
        if (r.ok()) {
          ASSERT_EQ(*r % (align * K), 0u);
          ASSERT_LE(*r + count * K, below);
          ASSERT_TRUE(ref.run_fits(*r / K, count)) << "handed out a frame that was not free";
          for (std::size_t i = 0; i < count; ++i) ref.s[*r / K + i] = State::used;
          live.push_back({*r, count});
        } else {
          ASSERT_FALSE(ref.any_fit(count, align, below))
              << "refused count " << count << " align " << align << " below " << below;
        }
      } else if (kind < 8 && !live.empty()) {
        std::size_t i = rng() % live.size();
        ASSERT_TRUE(f.fa.free(live[i].first, live[i].second).ok());
        for (std::size_t j = 0; j < live[i].second; ++j) ref.s[live[i].first / K + j] = State::free;
        live.erase(live.begin() + static_cast<long>(i));
      } else if (kind < 9) {
        // A free of random frames: accepted exactly when every frame is allocated.
        std::uint64_t a = (rng() % frames) * K;
        std::size_t n = 1 + rng() % 4;
        bool all_used = a / K + n <= frames;
        for (std::size_t j = 0; all_used && j < n; ++j) all_used = ref.s[a / K + j] == State::used;
        if (all_used) continue;  // would break the bookkeeping of `live`
        const Snapshot before = snap(f.fa, 0, space);
        ASSERT_FALSE(f.fa.free(a, n).ok());
        ASSERT_TRUE(snap(f.fa, 0, space) == before);
      } else {
        std::uint64_t b = rand_addr(rng, space), e = b + rand_addr(rng, 64 * K);
        bool busy = false;
        for (std::uint64_t fno = b / K; fno < std::min<std::uint64_t>(frames, (e + K - 1) / K); ++fno)
          busy |= e > b && ref.s[fno] == State::used;
        auto st = f.fa.reserve({b, e});
        ASSERT_EQ(st.ok(), !busy);
        if (st.ok() && e > b)
          for (std::uint64_t fno = b / K; fno < std::min<std::uint64_t>(frames, (e + K - 1) / K); ++fno)
            if (ref.s[fno] == State::free) ref.s[fno] = State::absent;
      }
      ASSERT_EQ(f.fa.free_frames(), ref.nfree());
      ASSERT_EQ(f.fa.total_frames(), ref.nfree() + static_cast<std::uint64_t>(
                                                        std::count(ref.s.begin(), ref.s.end(), State::used)));
    }
    for (std::size_t fno = 0; fno < frames; ++fno) {
      ASSERT_EQ(f.fa.is_free(fno * K), ref.s[fno] == State::free) << layout << " frame " << fno;
      ASSERT_EQ(f.fa.is_allocated(fno * K), ref.s[fno] == State::used) << layout << " frame " << fno;
    }
  }
}

}  // namespace
