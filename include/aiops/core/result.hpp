// aiops: result<T>, the expected-like return type for failures the caller must handle
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>    // std::size_t
#include <string>     // std::string
#include <utility>    // std::move
#include <variant>    // std::variant, std::get_if

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"

AIOPS_BEGIN_NAMESPACE

/// Why an operation failed; stable across versions so callers can switch on it.
enum class errc {
  syntax,          ///< the input does not follow its format
  bad_timestamp,   ///< a date or time that does not exist or cannot be read
  bad_number,      ///< a numeric field that is not a number or out of range
  too_long,        ///< the input exceeds a documented limit
  unexpected_end,  ///< the input stops in the middle of a field
  io,              ///< a file or socket operation failed
  http,            ///< the server answered with an HTTP error
  timeout,         ///< no answer before the deadline
  continuation,    ///< not a record but the rest of the previous one: a stack trace, a wrapped message
  comment,         ///< not a record but what its producer writes around them: journalctl's "-- Boot ... --"
};

/// The name of an error code, for messages and reports.
constexpr const char* to_string(errc code) noexcept {
  switch (code) {
    case errc::syntax: return "syntax";
    case errc::bad_timestamp: return "bad_timestamp";
    case errc::bad_number: return "bad_number";
    case errc::too_long: return "too_long";
    case errc::unexpected_end: return "unexpected_end";
    case errc::io: return "io";
    case errc::http: return "http";
    case errc::timeout: return "timeout";
    case errc::continuation: return "continuation";
    case errc::comment: return "comment";
  }
  return "unknown";
}

/// A failure: its kind, a human reason and, for text input, the 1-based column (0 = unknown).
struct failure {
  errc code = errc::syntax;
  std::string message;
  std::size_t column = 0;
};

/// Holds a `T` or a `failure`. Shaped like `std::expected<T, failure>` so it can become one.
///
///     auto r = aiops::parse_rfc3339("2026-11-29T02:38:36Z");
///     if (r) use(*r); else report(r.error().message);
template <class T>
class result {
 public:
  result(T value) : state_(std::move(value)) {}                // NOLINT: implicit like expected
  result(failure why) : state_(std::move(why)) {}              // NOLINT: implicit like unexpected

  explicit operator bool() const noexcept { return has_value(); }
  bool has_value() const noexcept { return state_.index() == 0; }

  /// @throws aiops::parse_error when the result holds a failure.
  T& value() & { check(); return std::get<0>(state_); }
  const T& value() const& { check(); return std::get<0>(state_); }
  T&& value() && { check(); return std::get<0>(std::move(state_)); }

  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }

  /// The failure; only valid when `!has_value()`.
  const failure& error() const& { return std::get<1>(state_); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void check() const {
    if (const failure* f = std::get_if<1>(&state_)) throw parse_error(f->message, 0, f->column);
  }
  std::variant<T, failure> state_;
};

/// Shorthand for returning a failure: `return aiops::fail(errc::syntax, "no closing quote", 17);`
inline failure fail(errc code, std::string message, std::size_t column = 0) {
  return failure{code, std::move(message), column};
}

AIOPS_END_NAMESPACE
