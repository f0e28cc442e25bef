// Parsing domain configurations in xl.cfg syntax (docs/config.md):
//  * parse_domain: one domain's text;
//  * ModuleReader: a boot configuration module holding several domains in
//    blocks separated by a line `---`; a bad block yields an error and no
//    domain, the others are still produced;
//  * parse_inline: `key=value` arguments from a shell command line, through
//    the same key handling.
// Errors name the line (for inline input: the 1-based argument index), a
// static reason and, when useful, the offending text (a view into the
// input, valid while the input is). No allocation; no locking (the
// reader is owned by its caller).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "domcfg/domain_config.h"
#include "support/format.h"

namespace domcfg {

struct ConfigError {
  std::uint32_t line = 0;   // 1-based line in the module (or argument index)
  const char* reason = "";  // static
  std::string_view detail;  // offending key or value; may be empty
};

// One domain's outcome: either `config` (ok) or `error`.
struct DomainOutcome {
  bool ok = false;
  DomainConfig config;
  ConfigError error;
  std::uint32_t first_line = 0;  // first line of the block
};

// Parses one domain. `first_line` is the line number of text's first line.
DomainOutcome parse_domain(std::string_view text, std::uint32_t first_line = 1);

// Parses `key=value` arguments (already split and unquoted by the shell).
// The value is taken literally (no quotes needed); a value in [ ] is a list.
DomainOutcome parse_inline(std::span<const std::string_view> args);

// Walks a configuration module block by block. Blocks holding nothing but
// blanks and comments are skipped (so leading/trailing `---` are harmless).
class ModuleReader {
 public:
  explicit ModuleReader(std::string_view text) : rest_(text) {}
  // Fills `out` with the next domain's outcome; false when no block is left.
  bool next(DomainOutcome& out);

 private:
  std::string_view rest_;
  std::uint32_t line_ = 1;  // line number of rest_'s first line
};

// Writes "line N: <reason>[ '<detail>']".
void format_error(support::Sink& sink, const ConfigError& error);

}  // namespace domcfg
