// A byte log kept in a fixed ring, with one console cursor that sends it.
// The log is a stream numbered from the first byte ever appended; the ring
// keeps the newest `capacity` bytes. Readers (dmesg) ask by stream offset.
// The console cursor trails the head; when the head laps it, the cursor
// jumps ahead to a line start half a ring behind the head, and one note
// "[console: N bytes of log skipped]" goes out on the console in their
// place. The note is never appended to the ring, so reporting an overflow
// costs no log and cannot overwrite unsent bytes itself (issue 12, item 5).
// Not thread-safe: the owner (hv/log.h) serializes every call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace support {

class LogRing {
 public:
  explicit constexpr LogRing(std::span<char> storage) : ring_(storage) {}

  void append(const char* data, std::size_t len);

  std::uint64_t head() const { return head_; }  // bytes ever appended
  std::uint64_t oldest() const { return head_ > ring_.size() ? head_ - ring_.size() : 0; }
  // Bytes appended after being overwritten before any reader could see them.
  std::uint64_t dropped() const { return oldest(); }
  // Copies from stream offset `offset` (or the oldest kept byte, if later)
  // into out; `first` is where the copy began. Returns the bytes copied.
  std::size_t read(std::uint64_t offset, char* out, std::size_t len, std::uint64_t& first) const;

  // The console cursor: peek at the next byte to send, then consume it.
  bool tx_peek(char& c);
  void tx_consume();
  bool tx_pending() const { return note_pos_ < note_len_ || tx_ < head_; }
  std::uint64_t tx_position() const { return tx_; }  // next log byte to send
  // Log bytes the console skipped because the head lapped it.
  std::uint64_t tx_skipped() const { return skipped_; }

 private:
  void catch_up();

  std::span<char> ring_;
  std::uint64_t head_ = 0;
  std::uint64_t tx_ = 0;
  std::uint64_t skipped_ = 0;
  bool tx_at_line_start_ = true;
  char note_[72] = {};
  std::size_t note_len_ = 0, note_pos_ = 0;
};

}  // namespace support
