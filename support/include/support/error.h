// Error values for every Tactus layer: an error code plus a static reason
// string that names what was wrong. No exceptions anywhere; refusals are
// values. Result<T> carries either a T or an Error. No locking: plain values.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

namespace support {

// Codes mirror the negative errno values the hypercall ABI returns.
enum class Errc : int {
  ok = 0,
  permission = 1,    // EPERM
  not_found = 2,     // ENOENT
  io = 5,            // EIO
  no_memory = 12,    // ENOMEM
  fault = 14,        // EFAULT: a guest address outside the caller's memory
  busy = 16,         // EBUSY
  exists = 17,       // EEXIST
  invalid = 22,      // EINVAL
  no_space = 28,     // ENOSPC
  range = 34,        // ERANGE
  unsupported = 95,  // EOPNOTSUPP
};

const char* errc_name(Errc code);

struct Error {
  Errc code = Errc::invalid;
  const char* reason = "";  // static string, never freed
};

constexpr Error make_error(Errc code, const char* reason) { return Error{code, reason}; }

// Status: success or an Error.
class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr Status(Error e) : error_(e), ok_(false) {}  // NOLINT: implicit by design
  static constexpr Status success() { return Status(); }
  constexpr bool ok() const { return ok_; }
  constexpr explicit operator bool() const { return ok_; }
  constexpr const Error& error() const { return error_; }
  constexpr Errc code() const { return ok_ ? Errc::ok : error_.code; }
  constexpr const char* reason() const { return ok_ ? "" : error_.reason; }

 private:
  Error error_{};
  bool ok_ = true;
};

// Result<T>: a T or an Error. T must be movable.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& v) : ok_(true) { new (&storage_) T(v); }        // NOLINT
  Result(T&& v) : ok_(true) { new (&storage_) T(std::move(v)); }  // NOLINT
  Result(Error e) : ok_(false) { new (&storage_) Error(e); }      // NOLINT
  Result(const Result& o) : ok_(o.ok_) {
    if (ok_)
      new (&storage_) T(o.value());
    else
      new (&storage_) Error(o.error());
  }
  Result& operator=(const Result& o) {
    if (this != &o) {
      destroy();
      ok_ = o.ok_;
      if (ok_)
        new (&storage_) T(o.value());
      else
        new (&storage_) Error(o.error());
    }
    return *this;
  }
  ~Result() { destroy(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  T& value() { return *std::launder(reinterpret_cast<T*>(&storage_)); }
  const T& value() const { return *std::launder(reinterpret_cast<const T*>(&storage_)); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return *std::launder(reinterpret_cast<const Error*>(&storage_)); }
  Status status() const { return ok_ ? Status() : Status(error()); }

 private:
  void destroy() {
    if (ok_) value().~T();
  }
  alignas(T) alignas(
      Error) unsigned char storage_[sizeof(T) > sizeof(Error) ? sizeof(T) : sizeof(Error)];
  bool ok_;
};

}  // namespace support
