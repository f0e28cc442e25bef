// LogRing: stream offsets, reads of overwritten bytes, and the console
// cursor's overflow handling (issue 12, item 5).
#include "support/log_ring.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using support::LogRing;

std::string drain(LogRing& r, std::size_t max = 1u << 20) {
  std::string out;
  char c;
  while (out.size() < max && r.tx_peek(c)) {
    out += c;
    r.tx_consume();
  }
  return out;
}

void append(LogRing& r, const std::string& s) { r.append(s.data(), s.size()); }

std::string lines(int from, int to) {
  std::string s;
  for (int i = from; i < to; ++i) s += "line " + std::to_string(100 + i) + "\n";  // 9 bytes
  return s;
}

TEST(LogRing, ReadsByStreamOffset) {
  char storage[64];
  LogRing r(storage);
  append(r, "hello\nworld\n");
  char out[64];
  std::uint64_t first = 0;
  ASSERT_EQ(r.read(6, out, sizeof out, first), 6u);
  EXPECT_EQ(first, 6u);
  EXPECT_EQ(std::string(out, 6), "world\n");
  EXPECT_EQ(r.read(1000, out, sizeof out, first), 0u);
  EXPECT_EQ(first, r.head()) << "a cursor past the head learns the head";
  append(r, std::string(100, 'x'));
  EXPECT_EQ(r.read(0, out, 8, first), 8u);
  EXPECT_EQ(first, r.head() - 64) << "overwritten bytes are skipped, not invented";
  EXPECT_EQ(r.dropped(), r.head() - 64);
}

TEST(LogRing, ConsoleSendsEverythingWhenItKeepsUp) {
  char storage[64];
  LogRing r(storage);
  append(r, lines(0, 5));
  EXPECT_EQ(drain(r), lines(0, 5));
  EXPECT_FALSE(r.tx_pending());
  EXPECT_EQ(r.tx_skipped(), 0u);
}

// The head laps the console: one note, not in the ring, then whole lines
// from half a ring behind the head; later lines that fit cost no note.
TEST(LogRing, OverflowIsReportedOnceAndCostsNoLog) {
  char storage[90];
  LogRing r(storage);
  append(r, lines(0, 40));  // 360 bytes into 90
  std::uint64_t head = r.head();
  std::string sent = drain(r);
  EXPECT_EQ(r.head(), head) << "the note is not appended to the log";
  std::uint64_t first = 0;
  char out[128];
  std::size_t n = r.read(0, out, sizeof out, first);
  EXPECT_EQ(std::string(out, n).find("skipped"), std::string::npos);
  ASSERT_EQ(sent.rfind("[console: ", 0), 0u) << sent;
  std::size_t nl = sent.find('\n');
  std::string note = sent.substr(0, nl + 1);
  std::string rest = sent.substr(nl + 1);
  EXPECT_EQ(note, "[console: " + std::to_string(r.tx_skipped()) + " bytes of log skipped]\n");
  EXPECT_EQ(r.tx_skipped() + rest.size(), 360u) << "every byte is either sent or counted";
  EXPECT_LE(rest.size(), 45u);
  EXPECT_EQ(rest, lines(40 - static_cast<int>(rest.size() / 9), 40)) << "whole, newest lines";

  // The console keeps up again: nothing more is skipped, no second note.
  append(r, lines(40, 44));
  EXPECT_EQ(drain(r), lines(40, 44));
  EXPECT_EQ(r.tx_skipped(), 360u - rest.size());
}

// A flood while the console sends slowly: every note stands for at least
// half a ring of skipped log, so notes stay few and cannot keep the console
// behind (before the fix the report was a log line that itself overwrote
// unsent bytes, so it repeated every round), and the last line goes out.
TEST(LogRing, FloodThenQuietEndsWithTheLastLines) {
  char storage[900];
  LogRing r(storage);
  std::size_t notes = 0;
  std::uint64_t last = 0;
  for (int round = 0; round < 200; ++round) {
    append(r, lines(round * 10, round * 10 + 10));  // 90 bytes a round
    (void)drain(r, 16);                             // the console sends 16
    if (r.tx_skipped() != last) {
      ++notes;
      EXPECT_GE(r.tx_skipped() - last, 900u / 2 - 9);
      last = r.tx_skipped();
    }
  }
  EXPECT_GT(notes, 0u);
  EXPECT_LE(notes * 441, 200u * 90);
  append(r, "rt-tasks: done\n");
  std::string tail = drain(r);
  EXPECT_NE(tail.find("rt-tasks: done\n"), std::string::npos);
  EXPECT_FALSE(r.tx_pending());
}

// The cursor mid-line when lapped: the note starts on a line of its own.
TEST(LogRing, NoteStartsOnItsOwnLine) {
  char storage[32];
  LogRing r(storage);
  append(r, "abcdef");
  char c;
  ASSERT_TRUE(r.tx_peek(c));
  r.tx_consume();
  append(r, std::string(40, 'y') + "\nzz\n");
  std::string sent = drain(r);
  EXPECT_EQ(sent.rfind("\n[console: ", 0), 0u) << sent;
}

}  // namespace
