// Type-safe text formatting for freestanding and hosted code alike:
// format_to(sink, "cpu {} apic {:#x}", n, id). Spec grammar inside braces:
// {[:[fill]<|>|^][#][0][width][d|x|X|b|o|c|s|p]}; "{{" and "}}" escape.
// A placeholder without an argument prints "{?}"; extra arguments are
// ignored. No allocation, no locking: a Sink is owned by its caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace support {

class Sink {
 public:
  virtual void write(const char* data, std::size_t len) = 0;
  void put(char c) { write(&c, 1); }

 protected:
  ~Sink() = default;
};

// Writes into a caller-owned buffer, always NUL-terminated, counting what
// did not fit so truncation is visible.
class BufferSink final : public Sink {
 public:
  BufferSink(char* buf, std::size_t cap) : buf_(buf), cap_(cap) {
    if (cap_ != 0) buf_[0] = '\0';
  }
  void write(const char* data, std::size_t len) override;
  std::size_t size() const { return len_; }
  std::size_t dropped() const { return dropped_; }
  bool truncated() const { return dropped_ != 0; }
  std::string_view view() const { return {buf_, len_}; }
  const char* c_str() const { return buf_; }
  void clear() {
    len_ = 0;
    dropped_ = 0;
    if (cap_ != 0) buf_[0] = '\0';
  }

 private:
  char* buf_;
  std::size_t cap_;
  std::size_t len_ = 0;
  std::size_t dropped_ = 0;
};

// A fixed-capacity string that is itself a sink.
template <std::size_t N>
class FixedString {
 public:
  FixedString() : sink_(buf_, N) {}
  FixedString(const FixedString&) = delete;
  FixedString& operator=(const FixedString&) = delete;
  Sink& sink() { return sink_; }
  std::string_view view() const { return sink_.view(); }
  const char* c_str() const { return sink_.c_str(); }
  std::size_t size() const { return sink_.size(); }
  bool truncated() const { return sink_.truncated(); }
  void clear() { sink_.clear(); }

 private:
  char buf_[N];
  BufferSink sink_;
};

struct FormatArg {
  enum class Kind : std::uint8_t { sint, uint, boolean, character, string, pointer };
  Kind kind;
  union {
    std::int64_t s;
    std::uint64_t u;
    bool b;
    char c;
    const void* p;
    struct {
      const char* data;
      std::size_t len;
    } str;
  };
};

template <typename T>
constexpr FormatArg make_format_arg(const T& v) {
  FormatArg a{};
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    a.kind = FormatArg::Kind::boolean;
    a.b = v;
  } else if constexpr (std::is_same_v<U, char>) {
    a.kind = FormatArg::Kind::character;
    a.c = v;
  } else if constexpr (std::is_enum_v<U>) {
    a.kind = FormatArg::Kind::sint;
    a.s = static_cast<std::int64_t>(v);
  } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
    a.kind = FormatArg::Kind::sint;
    a.s = v;
  } else if constexpr (std::is_integral_v<U>) {
    a.kind = FormatArg::Kind::uint;
    a.u = v;
  } else if constexpr (std::is_convertible_v<U, std::string_view>) {
    std::string_view sv = v;
    a.kind = FormatArg::Kind::string;
    a.str.data = sv.data();
    a.str.len = sv.size();
  } else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U>) {
    a.kind = FormatArg::Kind::pointer;
    a.p = reinterpret_cast<const void*>(v);
  } else {
    static_assert(sizeof(U) == 0, "support::format: unsupported argument type");
  }
  return a;
}

void vformat_to(Sink& sink, std::string_view fmt, const FormatArg* args, std::size_t count);

template <typename... Args>
void format_to(Sink& sink, std::string_view fmt, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    vformat_to(sink, fmt, nullptr, 0);
  } else {
    const FormatArg list[] = {make_format_arg(args)...};
    vformat_to(sink, fmt, list, sizeof...(Args));
  }
}

// Formats into a char array; returns the length written (excluding NUL).
template <std::size_t N, typename... Args>
std::size_t format_buf(char (&buf)[N], std::string_view fmt, const Args&... args) {
  BufferSink sink(buf, N);
  format_to(sink, fmt, args...);
  return sink.size();
}

}  // namespace support
