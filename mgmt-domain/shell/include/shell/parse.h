// Parsing one shell line into a typed Command, or exactly one error line
// "error: <what was wrong>". Syntax only: arguments are validated for form
// and range; checks against live state belong to the Executor (shell.h).
// No allocation; ParseResult is large (it embeds a DomainConfig), so
// callers keep one around instead of putting it on a small stack.
#pragma once

#include <string_view>

#include "domcfg/bounded_text.h"
#include "shell/command.h"
#include "support/format.h"

namespace shell {

// One error line without the trailing newline, e.g.
// "error: unknown command 'lst'".
class ErrorLine {
 public:
  static constexpr std::size_t kMax = 160;
  void set(std::string_view reason, std::string_view detail = {});
  void set_raw(std::string_view text);  // already formatted after "error: "
  std::string_view view() const { return text_.view(); }
  bool empty() const { return text_.empty(); }
  void clear() { text_.clear(); }

 private:
  domcfg::BoundedText<kMax> text_;
};

struct ParseResult {
  bool ok = false;
  Command command;
  ErrorLine error;  // when !ok
};

// Parses `line` into `out` (overwriting all of it).
void parse_command(std::string_view line, ParseResult& out);

}  // namespace shell
