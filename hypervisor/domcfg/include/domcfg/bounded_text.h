// BoundedText<N>: a copyable, fixed-capacity text value (at most N chars,
// always NUL-terminated) for names and command lines inside plain config
// structs. Assignment refuses text that does not fit instead of cutting it.
// No allocation, no locking: a plain value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace domcfg {

template <std::size_t N>
class BoundedText {
 public:
  static constexpr std::size_t kCapacity = N;

  constexpr BoundedText() = default;

  // Returns false (and leaves the value unchanged) when `s` is longer than N.
  constexpr bool assign(std::string_view s) {
    if (s.size() > N) return false;
    for (std::size_t i = 0; i < s.size(); ++i) data_[i] = s[i];
    data_[s.size()] = '\0';
    len_ = s.size();
    return true;
  }
  constexpr std::string_view view() const { return {data_, len_}; }
  constexpr const char* c_str() const { return data_; }
  constexpr std::size_t size() const { return len_; }
  constexpr bool empty() const { return len_ == 0; }
  constexpr void clear() {
    len_ = 0;
    data_[0] = '\0';
  }
  friend constexpr bool operator==(const BoundedText& a, std::string_view b) {
    return a.view() == b;
  }

 private:
  char data_[N + 1] = {};
  std::size_t len_ = 0;
};

}  // namespace domcfg
