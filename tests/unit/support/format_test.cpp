// support::format: placeholders, specs, truncation, escapes.
#include "support/format.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

template <typename... Args>
std::string fmt(std::string_view f, const Args&... args) {
  char buf[128];
  support::format_buf(buf, f, args...);
  return buf;
}

TEST(Format, Integers) {
  EXPECT_EQ(fmt("{} {} {}", 0, -42, 18446744073709551615ull), "0 -42 18446744073709551615");
  EXPECT_EQ(fmt("{}", INT64_MIN), "-9223372036854775808");
  EXPECT_EQ(fmt("{:x} {:X} {:#x} {:#b} {:o}", 255, 255, 255u, 5, 8), "ff FF 0xff 0b101 10");
}

TEST(Format, WidthFillAlign) {
  EXPECT_EQ(fmt("[{:5}]", 42), "[   42]");
  EXPECT_EQ(fmt("[{:<5}]", 42), "[42   ]");
  EXPECT_EQ(fmt("[{:^6}]", "ab"), "[  ab  ]");
  EXPECT_EQ(fmt("[{:*>4}]", 7), "[***7]");
  EXPECT_EQ(fmt("[{:08x}]", 0xbeef), "[0000beef]");
  EXPECT_EQ(fmt("[{:#010x}]", 0xbeef), "[0x0000beef]");
  EXPECT_EQ(fmt("[{:05}]", -3), "[-0003]");
  EXPECT_EQ(fmt("[{:6}]", "abc"), "[abc   ]");
}

TEST(Format, OtherTypes) {
  EXPECT_EQ(fmt("{} {} {}", true, 'c', std::string_view("sv")), "true c sv");
  EXPECT_EQ(fmt("{}", reinterpret_cast<const void*>(0x1000)), "0x1000");
  EXPECT_EQ(fmt("{:d}", 'A'), "65");
  enum class E { a = 3 };
  EXPECT_EQ(fmt("{}", E::a), "3");
}

TEST(Format, EscapesAndMismatches) {
  EXPECT_EQ(fmt("{{}} {}", 1), "{} 1");
  EXPECT_EQ(fmt("{} {}", 1), "1 {?}");
  EXPECT_EQ(fmt("{}", 1, 2), "1");
  EXPECT_EQ(fmt("{:q9z}", 1), "{bad}");
  EXPECT_EQ(fmt("open {", 1), "open {");
}

TEST(Format, TruncatesAndCounts) {
  char buf[8];
  support::BufferSink sink(buf, sizeof buf);
  support::format_to(sink, "{}", "0123456789");
  EXPECT_STREQ(buf, "0123456");
  EXPECT_TRUE(sink.truncated());
  EXPECT_EQ(sink.dropped(), 3u);
}

TEST(Format, FixedString) {
  support::FixedString<16> s;
  support::format_to(s.sink(), "cpu {} online", 3);
  EXPECT_EQ(s.view(), "cpu 3 online");
  EXPECT_FALSE(s.truncated());
}

}  // namespace
