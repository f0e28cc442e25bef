// Implementation of support::vformat_to and BufferSink (see format.h).
#include "support/format.h"

namespace support {

void BufferSink::write(const char* data, std::size_t len) {
  if (cap_ == 0) {
    dropped_ += len;
    return;
  }
  std::size_t room = cap_ - 1 - len_;
  std::size_t n = len < room ? len : room;
  for (std::size_t i = 0; i < n; ++i) buf_[len_ + i] = data[i];
  len_ += n;
  dropped_ += len - n;
  buf_[len_] = '\0';
}

namespace {

struct Spec {
  char fill = ' ';
  char align = 0;  // '<', '>', '^' or 0 for the type's default
  bool alternate = false;
  bool zero_pad = false;
  unsigned width = 0;
  char type = 0;
};

bool is_align(char c) { return c == '<' || c == '>' || c == '^'; }

// Parses the text between ':' and '}'; returns false on a malformed spec.
bool parse_spec(std::string_view s, Spec& spec) {
  std::size_t i = 0;
  if (s.size() >= 2 && is_align(s[1])) {
    spec.fill = s[0];
    spec.align = s[1];
    i = 2;
  } else if (!s.empty() && is_align(s[0])) {
    spec.align = s[0];
    i = 1;
  }
  if (i < s.size() && s[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    spec.zero_pad = true;
    ++i;
  }
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    spec.width = spec.width * 10 + static_cast<unsigned>(s[i] - '0');
    if (spec.width > 256) return false;
    ++i;
  }
  if (i < s.size()) {
    spec.type = s[i];
    ++i;
  }
  return i == s.size();
}

void pad(Sink& sink, char fill, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) sink.put(fill);
}

// Writes body with prefix (sign, 0x) honouring width, alignment and zero padding.
void emit(Sink& sink, const Spec& spec, char default_align, const char* prefix,
          std::size_t prefix_len, const char* body, std::size_t body_len) {
  std::size_t total = prefix_len + body_len;
  std::size_t fill_n = spec.width > total ? spec.width - total : 0;
  if (spec.zero_pad && spec.align == 0) {
    sink.write(prefix, prefix_len);
    pad(sink, '0', fill_n);
    sink.write(body, body_len);
    return;
  }
  char align = spec.align ? spec.align : default_align;
  std::size_t left = align == '>' ? fill_n : align == '^' ? fill_n / 2 : 0;
  pad(sink, spec.fill, left);
  sink.write(prefix, prefix_len);
  sink.write(body, body_len);
  pad(sink, spec.fill, fill_n - left);
}

void emit_unsigned(Sink& sink, const Spec& spec, std::uint64_t v, bool negative) {
  unsigned base = 10;
  const char* digits = "0123456789abcdef";
  char prefix[3] = {};
  std::size_t prefix_len = 0;
  if (negative) prefix[prefix_len++] = '-';
  switch (spec.type) {
    case 'x':
      base = 16;
      break;
    case 'X':
      base = 16;
      digits = "0123456789ABCDEF";
      break;
    case 'b':
      base = 2;
      break;
    case 'o':
      base = 8;
      break;
    default:
      break;
  }
  if (spec.alternate && base != 10) {
    prefix[prefix_len++] = '0';
    prefix[prefix_len++] = base == 16 ? (spec.type == 'X' ? 'X' : 'x') : base == 2 ? 'b' : 'o';
  }
  char buf[64];
  std::size_t n = 0;
  do {
    buf[sizeof(buf) - 1 - n] = digits[v % base];
    v /= base;
    ++n;
  } while (v != 0);
  emit(sink, spec, '>', prefix, prefix_len, buf + sizeof(buf) - n, n);
}

void emit_arg(Sink& sink, const Spec& spec, const FormatArg& a) {
  switch (a.kind) {
    case FormatArg::Kind::sint:
      if (a.s < 0)
        emit_unsigned(sink, spec, 0 - static_cast<std::uint64_t>(a.s), true);
      else
        emit_unsigned(sink, spec, static_cast<std::uint64_t>(a.s), false);
      return;
    case FormatArg::Kind::uint:
      emit_unsigned(sink, spec, a.u, false);
      return;
    case FormatArg::Kind::boolean: {
      const char* t = a.b ? "true" : "false";
      emit(sink, spec, '<', nullptr, 0, t, a.b ? 4 : 5);
      return;
    }
    case FormatArg::Kind::character:
      if (spec.type == 'd' || spec.type == 'x' || spec.type == 'X')
        emit_unsigned(sink, spec, static_cast<unsigned char>(a.c), false);
      else
        emit(sink, spec, '<', nullptr, 0, &a.c, 1);
      return;
    case FormatArg::Kind::string:
      emit(sink, spec, '<', nullptr, 0, a.str.data, a.str.len);
      return;
    case FormatArg::Kind::pointer: {
      Spec p = spec;
      p.type = 'x';
      p.alternate = true;
      emit_unsigned(sink, p, reinterpret_cast<std::uintptr_t>(a.p), false);
      return;
    }
  }
}

}  // namespace

void vformat_to(Sink& sink, std::string_view fmt, const FormatArg* args, std::size_t count) {
  std::size_t next = 0;
  std::size_t i = 0;
  std::size_t literal_start = 0;
  auto flush_literal = [&](std::size_t end) {
    if (end > literal_start) sink.write(fmt.data() + literal_start, end - literal_start);
  };
  while (i < fmt.size()) {
    char c = fmt[i];
    if (c == '}' && i + 1 < fmt.size() && fmt[i + 1] == '}') {
      flush_literal(i + 1);
      i += 2;
      literal_start = i;
      continue;
    }
    if (c != '{') {
      ++i;
      continue;
    }
    flush_literal(i);
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      sink.put('{');
      i += 2;
      literal_start = i;
      continue;
    }
    std::size_t close = fmt.find('}', i);
    if (close == std::string_view::npos) {  // unterminated: print the rest verbatim
      literal_start = i;
      break;
    }
    std::string_view inner = fmt.substr(i + 1, close - i - 1);
    Spec spec;
    bool good = inner.empty() || (inner[0] == ':' && parse_spec(inner.substr(1), spec));
    if (!good) {
      sink.write("{bad}", 5);
    } else if (next < count) {
      emit_arg(sink, spec, args[next++]);
    } else {
      sink.write("{?}", 3);
    }
    i = close + 1;
    literal_start = i;
  }
  flush_literal(fmt.size());
}

}  // namespace support
