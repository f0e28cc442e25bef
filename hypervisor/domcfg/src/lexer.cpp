// The xl.cfg statement lexer (see lexer.h). No locking.
#include "lexer.h"

namespace domcfg::detail {
namespace {

bool is_key_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_key_char(char c) { return is_key_start(c) || (c >= '0' && c <= '9'); }
bool ends_bare_word(char c, bool in_list) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '#' || c == '"' || c == '\'' ||
         c == '[' || c == '=' || (in_list && (c == ',' || c == ']'));
}

}  // namespace

bool Lexer::fail(std::uint32_t line, const char* reason, std::string_view detail) {
  if (!failed_) {
    failed_ = true;
    error_ = ConfigError{line, reason, detail};
  }
  return false;
}

std::string_view Lexer::rest_of_line() const {
  std::size_t end = pos_;
  while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
  std::string_view s = text_.substr(pos_, end - pos_);
  return s.size() > 40 ? s.substr(0, 40) : s;
}

void Lexer::skip_spaces() {
  while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) ++pos_;
}

void Lexer::skip_comment() {
  if (!at_end() && peek() == '#')
    while (!at_end() && peek() != '\n') ++pos_;
}

void Lexer::skip_blank_lines() {
  for (;;) {
    skip_spaces();
    skip_comment();
    if (at_end() || peek() != '\n') return;
    ++pos_;
    ++line_;
  }
}

bool Lexer::read_scalar(Scalar& out, bool in_list) {
  out.line = line_;
  char c = peek();
  if (c == '"' || c == '\'') {
    std::size_t start = pos_ + 1;
    std::size_t end = start;
    while (end < text_.size() && text_[end] != c && text_[end] != '\n') ++end;
    if (end >= text_.size() || text_[end] != c)
      return fail(line_, "unterminated string", rest_of_line());
    out.text = text_.substr(start, end - start);
    out.quoted = true;
    pos_ = end + 1;
    return true;
  }
  std::size_t start = pos_;
  while (!at_end() && !ends_bare_word(peek(), in_list)) ++pos_;
  if (pos_ == start) return fail(line_, "bad value", rest_of_line());
  out.text = text_.substr(start, pos_ - start);
  out.quoted = false;
  return true;
}

bool Lexer::read_list(Value& value, std::uint32_t start_line) {
  ++pos_;  // '['
  value.is_list = true;
  value.count = 0;
  for (;;) {
    skip_blank_lines();
    if (at_end()) return fail(start_line, "unterminated list");
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    if (value.count == Value::kMaxItems) return fail(line_, "list too long (max 16 items)");
    if (!read_scalar(value.items[value.count], true)) return false;
    ++value.count;
    skip_blank_lines();
    if (at_end()) return fail(start_line, "unterminated list");
    if (peek() == ',') {
      ++pos_;
    } else if (peek() != ']') {
      return fail(line_, "expected ',' or ']' in the list", rest_of_line());
    }
  }
}

bool Lexer::next(std::string_view& key, Value& value, std::uint32_t& line) {
  if (failed_) return false;
  skip_blank_lines();
  if (at_end()) return false;
  line = line_;
  std::size_t start = pos_;
  if (!is_key_start(peek())) return fail(line_, "expected a key", rest_of_line());
  while (!at_end() && is_key_char(peek())) ++pos_;
  key = text_.substr(start, pos_ - start);
  skip_spaces();
  if (at_end() || peek() != '=') return fail(line_, "expected '=' after the key", key);
  ++pos_;
  skip_spaces();
  if (at_end() || peek() == '\n' || peek() == '#') return fail(line_, "missing value", key);
  value = Value{};
  if (peek() == '[') {
    if (!read_list(value, line)) return false;
  } else if (!read_scalar(value.scalar, false)) {
    return false;
  }
  skip_spaces();
  skip_comment();
  if (!at_end() && peek() != '\n')
    return fail(line_, "unexpected text after the value", rest_of_line());
  return true;
}

bool Lexer::list_only(Value& value) {
  skip_spaces();
  if (at_end() || peek() != '[') return fail(line_, "expected a list");
  value = Value{};
  if (!read_list(value, line_)) return false;
  skip_spaces();
  if (!at_end()) return fail(line_, "unexpected text after the value", rest_of_line());
  return true;
}

}  // namespace domcfg::detail
