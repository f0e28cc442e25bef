// The serial console line editor of the management domain's shell: a
// byte-at-a-time state machine. Each byte yields the bytes to echo and, on
// CR / LF / CRLF, a completed line. Backspace and DEL erase one character,
// Ctrl-U the whole line, Ctrl-C abandons the line (echoes "^C", a new line
// and a fresh prompt). The line is bounded: a printable byte beyond
// kMaxLine is refused with a bell. ANSI escape sequences (arrow keys) and
// other control bytes are swallowed. No allocation; not thread-safe (one
// console, one owner).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace shell {

inline constexpr std::string_view kPrompt = "tactus# ";

class LineEditor {
 public:
  static constexpr std::size_t kMaxLine = 200;

  struct Step {
    std::string_view echo;   // bytes to send back to the console (may be empty)
    bool line_done = false;  // true: `line` holds a completed line
    std::string_view line;   // valid until the next feed()
  };

  Step feed(char byte);
  std::string_view current() const { return {buf_, len_}; }

 private:
  enum class Escape : std::uint8_t { none, esc, csi };
  void emit(std::string_view s);

  char buf_[kMaxLine];
  std::size_t len_ = 0;
  bool after_cr_ = false;  // swallow the LF of a CRLF
  Escape escape_ = Escape::none;
  char line_[kMaxLine];
  char echo_[3 * kMaxLine + 32];
  std::size_t echo_len_ = 0;
};

}  // namespace shell
