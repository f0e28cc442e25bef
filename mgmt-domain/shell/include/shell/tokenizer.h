// Splits a shell line into arguments: whitespace separates; "double quotes"
// group and honour the escapes \" and \\; 'single quotes' are literal; a
// backslash outside quotes takes the next character literally. Adjacent
// quoted and bare parts join into one argument (a"b c"d -> ab cd). The
// unquoted text is stored inside the TokenList, so its views live as long
// as it does. No allocation, no locking.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "shell/line_editor.h"
#include "support/error.h"

namespace shell {

class TokenList {
 public:
  static constexpr std::size_t kMaxTokens = 32;

  TokenList() = default;
  TokenList(const TokenList&) = delete;  // views point into storage_
  TokenList& operator=(const TokenList&) = delete;

  std::size_t size() const { return count_; }
  std::string_view operator[](std::size_t i) const { return tokens_[i]; }
  std::span<const std::string_view> all() const { return {tokens_, count_}; }

 private:
  friend support::Status tokenize(std::string_view line, TokenList& out);
  char storage_[LineEditor::kMaxLine * 2];
  std::string_view tokens_[kMaxTokens];
  std::size_t count_ = 0;
};

// Errors: "unterminated quote", "backslash at end of line",
// "too many arguments", "line too long".
support::Status tokenize(std::string_view line, TokenList& out);

}  // namespace shell
