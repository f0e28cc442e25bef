// Configuration text for domctl_create: a parsed DomainConfig written back
// as xl.cfg text (inline `create key=value` arguments), and the blocks of a
// configuration module (separated by `---` lines, docs/config.md). Pure
// functions; no allocation, no locking.
#pragma once

#include <cstdint>
#include <string_view>

#include "domcfg/domain_config.h"
#include "support/format.h"

namespace toolstack {

// Writes `config` as xl.cfg text that domcfg::parse_domain turns back into
// an equal DomainConfig. False when it cannot be expressed (a command line
// holding both quote characters).
bool write_config(support::Sink& out, const domcfg::DomainConfig& config);

// Walks a module's domain blocks; blocks of only blanks and comments are
// skipped, as domcfg::ModuleReader does.
class BlockReader {
 public:
  explicit BlockReader(std::string_view text) : rest_(text) {}
  // The next block's text and the module line number of its first line.
  bool next(std::string_view& block, std::uint32_t& first_line);

 private:
  std::string_view rest_;
  std::uint32_t line_ = 1;
};

}  // namespace toolstack
