// Shell line tokenizer (see shell/tokenizer.h). No locking.
#include "shell/tokenizer.h"

#include "support/text.h"

namespace shell {

support::Status tokenize(std::string_view line, TokenList& out) {
  using support::Errc;
  using support::make_error;
  out.count_ = 0;
  if (line.size() > sizeof out.storage_) return make_error(Errc::invalid, "line too long");
  std::size_t used = 0;
  std::size_t i = 0;
  const std::size_t n = line.size();
  for (;;) {
    while (i < n && support::is_space(line[i])) ++i;
    if (i == n) break;
    if (out.count_ == TokenList::kMaxTokens) {
      out.count_ = 0;
      return make_error(Errc::invalid, "too many arguments");
    }
    const std::size_t start = used;
    while (i < n && !support::is_space(line[i])) {
      const char c = line[i];
      if (c == '"' || c == '\'') {
        ++i;
        while (i < n && line[i] != c) {
          if (c == '"' && line[i] == '\\' && i + 1 < n &&
              (line[i + 1] == '"' || line[i + 1] == '\\'))
            ++i;
          out.storage_[used++] = line[i++];
        }
        if (i == n) {
          out.count_ = 0;
          return make_error(Errc::invalid, "unterminated quote");
        }
        ++i;  // closing quote
      } else if (c == '\\') {
        if (i + 1 == n) {
          out.count_ = 0;
          return make_error(Errc::invalid, "backslash at end of line");
        }
        out.storage_[used++] = line[i + 1];
        i += 2;
      } else {
        out.storage_[used++] = c;
        ++i;
      }
    }
    out.tokens_[out.count_++] = std::string_view(out.storage_ + start, used - start);
  }
  return support::Status::success();
}

}  // namespace shell
