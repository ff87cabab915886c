// Result<T> and Error: the error-handling vocabulary of airlock's library.
//
// Library functions never throw across the API; they return Result<T>, whose member names
// follow std::expected so it can become an alias when the toolchain has one.
//
//   Result<Tree> r = open_target(spec, limits);
//   if (!r) { report(r.error().message); return; }
//   use(*r);
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace airlock {

enum class ErrorCode {
  kInvalidArgument,  // caller passed something unusable (bad flag value, bad path)
  kIo,               // the OS refused: missing file, permission, read error
  kFormat,           // input is not what it claims to be (corrupt archive, bad JSON)
  kLimit,            // input exceeds a named limit (size, entries, ratio, depth)
  kUnsupported,      // valid input we do not handle
  kInternal,         // a bug or library failure
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

inline Error make_error(ErrorCode code, std::string message) { return {code, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design, like std::expected
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;

}  // namespace airlock
