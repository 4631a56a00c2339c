// aiops: the exception hierarchy shared by every module
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>    // std::size_t
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE

/// Base of every exception the library throws for I/O, server and data failures.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Input that does not follow its format; `line` and `column` are 1-based, 0 when unknown.
class parse_error : public error {
 public:
  parse_error(const std::string& what, std::size_t line = 0, std::size_t column = 0)
      : error(describe(what, line, column)), line_(line), column_(column), reason_(what) {}

  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }
  /// The message without the position prefix.
  const std::string& reason() const noexcept { return reason_; }

 private:
  static std::string describe(const std::string& what, std::size_t line, std::size_t column) {
    if (line == 0) return what;
    std::string where = "line " + std::to_string(line);
    if (column != 0) where += ", column " + std::to_string(column);
    return where + ": " + what;
  }
  std::size_t line_;
  std::size_t column_;
  std::string reason_;
};

/// Thrown by the course's exercise stubs until the learner writes the body.
class not_implemented : public error {
 public:
  explicit not_implemented(const std::string& what)
      : error("not implemented yet: " + what) {}
};

AIOPS_END_NAMESPACE
