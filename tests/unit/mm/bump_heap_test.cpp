// mm::BumpHeap: alignment, padding accounting, exhaustion and the failure
// count, placement construction, refusal of invalid requests.
#include "mm/bump_heap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

struct alignas(64) Wide {
  Wide(int a, int b) : x(a), y(b) {}
  int x, y;
};

TEST(BumpHeap, UninitializedHeapRefusesEverything) {
  mm::BumpHeap h;
  EXPECT_EQ(h.capacity(), 0u);
  EXPECT_EQ(h.allocate(1, 1), nullptr);
  EXPECT_EQ(h.make<int>(3), nullptr);
  EXPECT_EQ(h.failures(), 2u);
}

TEST(BumpHeap, AlignsAndCountsPadding) {
  alignas(256) static std::uint8_t area[1024];
  mm::BumpHeap h;
  h.init(area, sizeof(area));
  EXPECT_EQ(h.capacity(), 1024u);
  void* a = h.allocate(3, 1);
  EXPECT_EQ(a, area);
  EXPECT_EQ(h.used(), 3u);
  void* b = h.allocate(8, 8);
  EXPECT_EQ(b, area + 8);
  EXPECT_EQ(h.used(), 16u);
  void* c = h.allocate(1, 256);
  EXPECT_EQ(c, area + 256);
  EXPECT_EQ(h.used(), 257u);
  EXPECT_EQ(h.remaining(), 1024u - 257);
  EXPECT_EQ(h.failures(), 0u);
}

TEST(BumpHeap, ExhaustionReturnsNullAndCounts) {
  alignas(16) static std::uint8_t area[100];
  mm::BumpHeap h;
  h.init(area, sizeof(area));
  EXPECT_NE(h.allocate(96, 16), nullptr);
  EXPECT_EQ(h.allocate(8, 16), nullptr);  // padding alone would reach the end
  EXPECT_EQ(h.allocate(5, 1), nullptr);
  EXPECT_EQ(h.failures(), 2u);
  EXPECT_EQ(h.used(), 96u);               // failures consume nothing
  EXPECT_EQ(h.allocate(4, 1), area + 96); // exactly fills the heap
  EXPECT_EQ(h.remaining(), 0u);
  EXPECT_EQ(h.allocate(~std::size_t{0}, 1), nullptr);
  EXPECT_EQ(h.failures(), 3u);
}

TEST(BumpHeap, InvalidRequestsFail) {
  static std::uint8_t area[64];
  mm::BumpHeap h;
  h.init(area, sizeof(area));
  EXPECT_EQ(h.allocate(0, 8), nullptr);
  EXPECT_EQ(h.allocate(8, 0), nullptr);
  EXPECT_EQ(h.allocate(8, 12), nullptr);
  EXPECT_EQ(h.failures(), 3u);
  EXPECT_EQ(h.used(), 0u);
}

TEST(BumpHeap, MakeConstructsAlignedObjects) {
  alignas(64) static std::uint8_t area[512];
  mm::BumpHeap h;
  h.init(area + 1, sizeof(area) - 1);  // deliberately misaligned start
  auto* w = h.make<Wide>(4, 5);
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(w) % 64, 0u);
  EXPECT_EQ(w->x, 4);
  EXPECT_EQ(w->y, 5);
  auto* w2 = h.make<Wide>(6, 7);
  ASSERT_NE(w2, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uint8_t*>(w2) - reinterpret_cast<std::uint8_t*>(w), 64);
  std::size_t made = 2;
  while (h.make<Wide>(0, 0) != nullptr) ++made;
  EXPECT_EQ(made, 7u);  // 64-byte slots from area+64 to area+512
  EXPECT_EQ(h.failures(), 1u);
}

TEST(BumpHeap, ReinitStartsOver) {
  static std::uint8_t area[32];
  mm::BumpHeap h;
  h.init(area, sizeof(area));
  EXPECT_EQ(h.allocate(64, 1), nullptr);
  h.init(area, sizeof(area));
  EXPECT_EQ(h.failures(), 0u);
  EXPECT_EQ(h.allocate(32, 1), area);
}

}  // namespace
