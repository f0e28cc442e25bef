// Entry points of the domain configuration parser (see domcfg/parser.h):
// one domain, a module of `---`-separated domains, inline arguments.
// No locking; ModuleReader is owned by its caller.
#include "domcfg/parser.h"

#include "builder.h"
#include "lexer.h"
#include "support/text.h"

namespace domcfg {
namespace {

bool is_blank_or_comment(std::string_view line) {
  line = support::trim(line);
  return line.empty() || line[0] == '#';
}

bool is_separator(std::string_view line) { return support::trim(line) == "---"; }

// Splits off one line (without its '\n') from `rest`.
std::string_view take_line(std::string_view& rest) {
  std::size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  return line;
}

// Fills `out` in place (a DomainOutcome is ~1 KB; no temporary copy).
void parse_domain_into(std::string_view text, std::uint32_t first_line, DomainOutcome& out) {
  detail::Builder builder(/*quotes_required=*/true);
  detail::Lexer lexer(text, first_line);
  std::string_view key;
  detail::Value value;
  std::uint32_t line = 0;
  while (lexer.next(key, value, line)) builder.apply(key, value, line);
  if (lexer.failed()) builder.fail(lexer.error());
  builder.finish(first_line, out);
}

}  // namespace

DomainOutcome parse_domain(std::string_view text, std::uint32_t first_line) {
  DomainOutcome out;
  parse_domain_into(text, first_line, out);
  return out;
}

DomainOutcome parse_inline(std::span<const std::string_view> args) {
  DomainOutcome out;
  detail::Builder builder(/*quotes_required=*/false);
  detail::Value value;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto line = static_cast<std::uint32_t>(i + 1);
    std::string_view arg = args[i];
    std::size_t eq = arg.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      builder.fail(ConfigError{line, "expected key=value", arg});
      break;
    }
    std::string_view key = arg.substr(0, eq);
    std::string_view text = arg.substr(eq + 1);
    if (!text.empty() && text[0] == '[') {
      detail::Lexer lexer(text, line);
      if (!lexer.list_only(value)) {
        builder.fail(lexer.error());
        break;
      }
    } else {
      value = detail::Value{};
      value.scalar = detail::Scalar{text, true, line};
    }
    builder.apply(key, value, line);
  }
  builder.finish(0, out);
  return out;
}

bool ModuleReader::next(DomainOutcome& out) {
  while (!rest_.empty()) {
    // One block: everything up to a `---` line or the end of the module.
    const std::uint32_t first = line_;
    const char* start = rest_.data();
    std::size_t length = 0;
    bool has_content = false;
    std::string_view scan = rest_;
    while (!scan.empty()) {
      std::string_view before = scan;
      std::string_view line = take_line(scan);
      ++line_;
      if (is_separator(line)) break;
      length += before.size() - scan.size();
      has_content = has_content || !is_blank_or_comment(line);
    }
    rest_ = scan;
    if (!has_content) continue;
    parse_domain_into(std::string_view(start, length), first, out);
    return true;
  }
  return false;
}

// The detail quotes the config, which may hold any byte: printable ASCII
// goes out as it is, everything else (and the backslash) as \xNN or \\.
void format_error(support::Sink& sink, const ConfigError& error) {
  if (error.line != 0) support::format_to(sink, "line {}: ", error.line);
  support::format_to(sink, "{}", error.reason);
  if (error.detail.empty()) return;
  sink.put(' ');
  sink.put('\'');
  for (char c : error.detail) {
    auto b = static_cast<unsigned char>(c);
    if (c == '\\')
      support::format_to(sink, "\\\\");
    else if (b < 0x20 || b > 0x7e)
      support::format_to(sink, "\\x{:02x}", b);
    else
      sink.put(c);
  }
  sink.put('\'');
}

}  // namespace domcfg
