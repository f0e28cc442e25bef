// Small string helpers on std::string_view for parsers (shell, configs,
// command lines): trimming, splitting, number parsing with overflow checks.
// Plain functions, no allocation, no locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace support {

constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s);

// Splits off the first token delimited by `sep` (or whitespace when sep is 0);
// returns it and advances `rest` past it. Empty when nothing is left.
std::string_view next_token(std::string_view& rest, char sep = 0);

// Parses an unsigned integer: decimal, or hex with 0x. The whole string must
// be consumed; fails on empty input or overflow past `max`.
bool parse_u64(std::string_view s, std::uint64_t& out, std::uint64_t max = ~std::uint64_t{0});

// Looks up `key` in a space-separated `key=value` command line. A bare `key`
// yields an empty value. Returns false when absent.
bool cmdline_get(std::string_view cmdline, std::string_view key, std::string_view& value);

std::size_t cstr_len(const char* s);

}  // namespace support
