// The log ring and its console cursor (see support/log_ring.h).
#include "support/log_ring.h"

#include "support/format.h"

namespace support {

void LogRing::append(const char* data, std::size_t len) {
  for (std::size_t i = 0; i < len; ++i) ring_[(head_ + i) % ring_.size()] = data[i];
  head_ += len;
}

std::size_t LogRing::read(std::uint64_t offset, char* out, std::size_t len,
                          std::uint64_t& first) const {
  first = offset < oldest() ? oldest() : offset;
  if (first > head_) first = head_;
  std::size_t n = 0;
  for (; n < len && first + n < head_; ++n) out[n] = ring_[(first + n) % ring_.size()];
  return n;
}

// Half a ring behind the head, then on to the next line start among the
// kept bytes: the console resumes with whole, recent lines and has half a
// ring of room before it could be lapped again.
void LogRing::catch_up() {
  if (head_ - tx_ <= ring_.size() || note_pos_ < note_len_) return;
  std::uint64_t to = head_ - ring_.size() / 2;
  for (std::uint64_t p = to; p < head_; ++p)
    if (ring_[(p - 1) % ring_.size()] == '\n') {
      to = p;
      break;
    }
  skipped_ += to - tx_;
  BufferSink note(note_, sizeof note_);
  format_to(note, "{}[console: {} bytes of log skipped]\n", tx_at_line_start_ ? "" : "\n",
            to - tx_);
  note_len_ = note.size();
  note_pos_ = 0;
  tx_ = to;
}

bool LogRing::tx_peek(char& c) {
  catch_up();
  if (note_pos_ < note_len_) {
    c = note_[note_pos_];
    return true;
  }
  if (tx_ == head_) return false;
  c = ring_[tx_ % ring_.size()];
  return true;
}

void LogRing::tx_consume() {
  if (note_pos_ < note_len_) {
    if (++note_pos_ == note_len_) note_len_ = note_pos_ = 0;
    tx_at_line_start_ = true;
    return;
  }
  if (tx_ == head_) return;
  tx_at_line_start_ = ring_[tx_ % ring_.size()] == '\n';
  ++tx_;
}

}  // namespace support
