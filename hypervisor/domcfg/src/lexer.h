// Internal: the xl.cfg statement lexer. Reads `key = value` statements
// from one domain's text, where a value is a "string", a 'string', a bare
// word (numbers, durations) or a [ list ] of those that may span lines.
// `#` starts a comment outside quotes. No escapes inside strings. No
// allocation, no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domcfg/parser.h"

namespace domcfg::detail {

struct Scalar {
  std::string_view text;
  bool quoted = false;  // came in quotes (or literally from an inline argument)
  std::uint32_t line = 0;
};

struct Value {
  static constexpr std::size_t kMaxItems = 16;
  bool is_list = false;
  Scalar scalar;  // when !is_list
  Scalar items[kMaxItems];
  std::size_t count = 0;
};

class Lexer {
 public:
  Lexer(std::string_view text, std::uint32_t first_line) : text_(text), line_(first_line) {}

  // Reads the next statement. Returns false at the end of the text or on
  // an error (then error() is set).
  bool next(std::string_view& key, Value& value, std::uint32_t& line);
  bool failed() const { return failed_; }
  const ConfigError& error() const { return error_; }

  // Parses a whole text as one list value ("[ a, b ]"), for inline input.
  bool list_only(Value& value);

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return text_[pos_]; }
  void skip_spaces();
  void skip_comment();
  void skip_blank_lines();
  bool read_scalar(Scalar& out, bool in_list);
  bool read_list(Value& value, std::uint32_t start_line);
  bool fail(std::uint32_t line, const char* reason, std::string_view detail = {});
  std::string_view rest_of_line() const;

  std::string_view text_;
  std::size_t pos_ = 0;
  std::uint32_t line_;
  bool failed_ = false;
  ConfigError error_;
};

}  // namespace domcfg::detail
