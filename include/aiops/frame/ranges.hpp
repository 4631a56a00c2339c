// aiops: opt-in range-v3 views over tables and columns (the only frame header that needs range-v3)
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t

#include <range/v3/view/filter.hpp>     // ranges::views::filter
#include <range/v3/view/iota.hpp>       // ranges::views::iota
#include <range/v3/view/transform.hpp>  // ranges::views::transform

#include "aiops/config.hpp"
#include "aiops/frame/column.hpp"
#include "aiops/frame/table.hpp"

AIOPS_BEGIN_NAMESPACE
namespace frame {

/// The rows of `t` as a lazy range of `row_view`, to compose with range-v3 views:
///
///     auto slow = rows(t) | ranges::views::filter([](const row_view& r) { return r.number("ms") > 500; });
inline auto rows(const table& t) {
  return ranges::views::iota(std::size_t{0}, t.rows()) |
         ranges::views::transform([&t](std::size_t i) { return row_view(t, i); });
}

/// The cells of `c` as a lazy range of `value` (null for null rows).
inline auto cells(const column& c) {
  return ranges::views::iota(std::size_t{0}, c.size()) |
         ranges::views::transform([&c](std::size_t i) { return c.get(i); });
}

/// The non-null cells of a numeric column as doubles.
/// @throws std::invalid_argument (when iterated) for string and timestamp columns.
inline auto numbers(const column& c) {
  return ranges::views::iota(std::size_t{0}, c.size()) |
         ranges::views::filter([&c](std::size_t i) { return !c.is_null(i); }) |
         ranges::views::transform([&c](std::size_t i) { return *c.number(i); });
}

}  // namespace frame
AIOPS_END_NAMESPACE
