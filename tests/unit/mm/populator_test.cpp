// mm::Populator: bounded steps, 2 MiB runs where possible, 4 KiB
// otherwise, a run mapped only once all of it is zero, errors returned
// with what was taken recorded (issue 12, item 4: domctl_create populates
// a bounded amount per VM exit).
#include "mm/populator.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

constexpr std::uint64_t k2M = mm::kPopulatePage2M, k4K = mm::kPopulatePage4K;

struct Mapping {
  std::uint64_t gpa, hpa, size;
};

// Hands out ascending addresses; `huge_left` 2 MiB runs, then 4 KiB only;
// `frames_left` 4 KiB frames in all.
class FakeTarget final : public mm::PopulateTarget {
 public:
  std::uint64_t next = 0x4000'0000, huge_left = ~0ull, frames_left = ~0ull;
  std::vector<Mapping> recorded, mapped;
  std::uint64_t zeroed_in_step = 0;

  support::Result<std::uint64_t> alloc(std::uint64_t size) override {
    if (size == k2M && huge_left == 0) return support::make_error(support::Errc::no_memory, "");
    if (frames_left < size / k4K) return support::make_error(support::Errc::no_memory, "");
    if (size == k2M) --huge_left;
    frames_left -= size / k4K;
    next = (next + size - 1) & ~(size - 1);
    std::uint64_t at = next;
    next += size;
    return at;
  }
  support::Status record(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) override {
    recorded.push_back({gpa, hpa, size});
    return support::Status::success();
  }
  void zero(std::uint64_t, std::uint64_t bytes) override { zeroed_in_step += bytes; }
  support::Status map(std::uint64_t gpa, std::uint64_t hpa, std::uint64_t size) override {
    mapped.push_back({gpa, hpa, size});
    return support::Status::success();
  }
};

TEST(Populator, EachStepZeroesAtMostItsBoundAndMapsCompleteRunsOnly) {
  FakeTarget t;
  mm::Populator p(4 * k2M);
  int steps = 0;
  for (;;) {
    t.zeroed_in_step = 0;
    auto done = p.step(t, 64 * 1024);
    ASSERT_TRUE(done.ok());
    ++steps;
    EXPECT_LE(t.zeroed_in_step, 64u * 1024);
    for (const Mapping& m : t.mapped) EXPECT_LE(m.gpa + m.size, p.populated());
    if (*done) break;
  }
  EXPECT_EQ(steps, 4 * 32);
  ASSERT_EQ(t.mapped.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(t.mapped[i].gpa, i * k2M);
    EXPECT_EQ(t.mapped[i].size, k2M);
  }
  EXPECT_EQ(t.recorded.size(), 4u);
}

TEST(Populator, AnUnboundedStepCompletesAtOnce) {
  FakeTarget t;
  mm::Populator p(3 * k2M + 3 * k4K);  // a 4 KiB tail
  auto done = p.step(t, ~0ull);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  EXPECT_EQ(p.populated(), 3 * k2M + 3 * k4K);
  ASSERT_EQ(t.mapped.size(), 6u);
  EXPECT_EQ(t.mapped[3].size, k4K);
  EXPECT_EQ(t.mapped[5].gpa, 3 * k2M + 2 * k4K);
}

TEST(Populator, FallsBackTo4KiBFramesWithout2MiBRuns) {
  FakeTarget t;
  t.huge_left = 1;
  mm::Populator p(2 * k2M);
  auto done = p.step(t, ~0ull);
  ASSERT_TRUE(done.ok());
  EXPECT_TRUE(*done);
  ASSERT_EQ(t.mapped.size(), 1u + 512u);
  EXPECT_EQ(t.mapped[0].size, k2M);
  EXPECT_EQ(t.mapped[1].size, k4K);
  EXPECT_EQ(t.mapped[1].gpa, k2M);
}

// Out of frames part way: the error says why, what was taken stays
// recorded (the owner's teardown frees it) and nothing half-zeroed is mapped.
TEST(Populator, RunningOutReportsNotEnoughFreeMemoryAndKeepsTheRecord) {
  FakeTarget t;
  t.frames_left = 512 + 10;
  mm::Populator p(2 * k2M);
  auto first = p.step(t, k2M + 5 * k4K);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(*first);
  auto done = p.step(t, ~0ull);
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, support::Errc::no_memory);
  EXPECT_STREQ(done.error().reason, "not enough free memory");
  EXPECT_EQ(t.recorded.size(), 1u + 10u);
  EXPECT_EQ(t.mapped.size(), 1u + 10u);
  EXPECT_EQ(p.populated(), k2M + 10 * k4K);
}

}  // namespace
