// The console line editor state machine (see shell/line_editor.h).
// Not thread-safe: one console, one owner.
#include "shell/line_editor.h"

namespace shell {
namespace {
constexpr char kCtrlC = 0x03;
constexpr char kBackspace = 0x08;
constexpr char kCtrlU = 0x15;
constexpr char kEscape = 0x1b;
constexpr char kDelete = 0x7f;
}  // namespace

void LineEditor::emit(std::string_view s) {
  for (char c : s)
    if (echo_len_ < sizeof echo_) echo_[echo_len_++] = c;
}

LineEditor::Step LineEditor::feed(char byte) {
  echo_len_ = 0;
  Step step;
  const auto c = static_cast<unsigned char>(byte);

  // ESC [ ... final, or ESC O x: cursor keys and the like are swallowed.
  if (escape_ == Escape::esc) {
    escape_ = (byte == '[' || byte == 'O') ? Escape::csi : Escape::none;
    return step;
  }
  if (escape_ == Escape::csi) {
    if (c >= 0x40 && c <= 0x7e) escape_ = Escape::none;
    return step;
  }

  const bool after_cr = after_cr_;
  after_cr_ = false;
  switch (byte) {
    case '\n':
      if (after_cr) return step;  // the LF of a CRLF
      [[fallthrough]];
    case '\r':
      after_cr_ = byte == '\r';
      for (std::size_t i = 0; i < len_; ++i) line_[i] = buf_[i];
      step.line_done = true;
      step.line = std::string_view(line_, len_);
      len_ = 0;
      emit("\r\n");
      break;
    case kBackspace:
    case kDelete:
      if (len_ > 0) {
        --len_;
        emit("\b \b");
      }
      break;
    case kCtrlU:
      for (; len_ > 0; --len_) emit("\b \b");
      break;
    case kCtrlC:
      len_ = 0;
      emit("^C\r\n");
      emit(kPrompt);
      break;
    case kEscape:
      escape_ = Escape::esc;
      break;
    default:
      if (c >= 0x20 && c < 0x7f) {
        if (len_ < kMaxLine) {
          buf_[len_++] = byte;
          emit(std::string_view(&byte, 1));
        } else {
          emit("\a");
        }
      }
      break;  // other control bytes and non-ASCII are ignored
  }
  step.echo = std::string_view(echo_, echo_len_);
  return step;
}

}  // namespace shell
