// aiops: masking variable values (addresses, numbers, ids, paths, times...) before template mining
// SPDX-License-Identifier: MIT
#pragma once

#include <array>        // std::array
#include <bit>          // std::countr_zero
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t
#include <functional>   // std::function
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/nlp/detail/scan.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// The built-in masks, in the order they are tried at each position (the first that matches wins).
enum class mask_kind : std::uint8_t {
  url,       ///< `scheme://...` up to whitespace or a quote: `hdfs://nn:9000/a.txt`
  uuid,      ///< 8-4-4-4-12 hex digits
  datetime,  ///< `2015-10-18 18:01:47,978`, `18:01:47`, `Thu Jul  7 06:31:38 2005` (one value, spaces included)
  mac,       ///< `8c:be:be:12:34:56`
  ipv6,      ///< `2001:db8::1`, `::ffff:192.0.2.1`, `::`
  ipv4,      ///< `10.251.43.21`, with its port when one follows: `10.251.43.21:50010`
  block_id,  ///< HDFS block ids: `blk_-6929440142321424634`
  path,      ///< absolute paths with at least one letter: `/var/www/html/index.php` (a final '.' is left out)
  hex,       ///< `0x1f`, or 7+ hex digits with a digit and a letter: `8f8a7b23`
  size,      ///< a number with a size unit: `512MB`, `16K`, `1.5GiB`, `4096B`
  duration,  ///< a number with a time unit, or several: `60s`, `812ms`, `1s234ms`, `2h30m`
  number,    ///< an integer or decimal, signed or not, dotted versions too: `-1`, `0.4688`, `1.4.1`
};

/// Every built-in mask, in matching order.
inline constexpr std::array<mask_kind, 12> all_mask_kinds = {
    mask_kind::url,      mask_kind::uuid, mask_kind::datetime, mask_kind::mac, mask_kind::ipv6,     mask_kind::ipv4,
    mask_kind::block_id, mask_kind::path, mask_kind::hex,      mask_kind::size, mask_kind::duration, mask_kind::number};

/// The name of a mask, as the program's `--no-mask NAME` takes it.
constexpr std::string_view to_string(mask_kind k) noexcept {
  constexpr std::string_view names[] = {"url",  "uuid", "datetime", "mac",  "ipv6",     "ipv4",
                                        "block_id", "path", "hex", "size", "duration", "number"};
  return names[static_cast<std::size_t>(k)];
}

/// The mask called `name`, if there is one.
inline std::optional<mask_kind> mask_kind_from_string(std::string_view name) noexcept {
  for (mask_kind k : all_mask_kinds)
    if (to_string(k) == name) return k;
  return std::nullopt;
}

/// Replaces variable values in a message by placeholders, so that messages of one template
/// become equal where their values differ: the pre-processing step of Drain and Drain3.
///
///     auto mask = aiops::nlp::masker::standard();
///     mask("Received block blk_-1608 of size 67108864 from /10.250.19.102");
///     // "Received block <*> of size <*> from /<*>"
///
/// Custom rewrites (for instance `aiops::nlp::regex_mask` from regex_mask.hpp) run first, in the
/// order added; then one pass applies the enabled built-in masks. A built-in mask matches only a
/// whole value: it must not start right after a letter, digit, '_', '.' or '-' ("v1.5", "dm-0"
/// and "user1" keep their digits) nor end before one. Thread-safe for concurrent `apply` calls
/// when the custom rewrites are.
class masker {
 public:
  /// Rewrites the message in place (a custom mask).
  using rewrite = std::function<void(std::string& text)>;

  /// A masker that masks nothing.
  masker() = default;

  /// Every built-in mask, each replaced by `placeholder`.
  static masker standard(std::string_view placeholder = "<*>") {
    masker m;
    for (mask_kind k : all_mask_kinds) m.add(k, std::string(placeholder));
    return m;
  }

  /// Enables built-in mask `k`, replaced by `placeholder` (Drain3 users may prefer "<IP>", "<NUM>").
  masker& add(mask_kind k, std::string placeholder = "<*>") {
    placeholders_[static_cast<std::size_t>(k)] = std::move(placeholder);
    index_starts();
    return *this;
  }

  /// Disables built-in mask `k`.
  masker& remove(mask_kind k) {
    placeholders_[static_cast<std::size_t>(k)].reset();
    index_starts();
    return *this;
  }

  /// Adds a custom rewrite, applied before the built-in masks.
  masker& add(rewrite custom) {
    custom_.push_back(std::move(custom));
    return *this;
  }

  bool enabled(mask_kind k) const noexcept { return placeholders_[static_cast<std::size_t>(k)].has_value(); }
  bool empty() const noexcept { return !any_builtin() && custom_.empty(); }

  /// Writes the masked `text` into `out` (replacing its content; reusing `out` saves allocations).
  void apply(std::string_view text, std::string& out) const {
    if (!custom_.empty()) {
      thread_local std::string work;  // reused: no allocation per line once it has grown
      work.assign(text);
      for (const rewrite& r : custom_) r(work);
      if (any_builtin()) builtin(work, out);
      else out.swap(work);  // the buffers trade places: no copy
      return;
    }
    builtin(text, out);
  }

  /// The masked text.
  std::string operator()(std::string_view text) const {
    std::string out;
    apply(text, out);
    return out;
  }

 private:
  bool any_builtin() const noexcept {
    for (const auto& p : placeholders_)
      if (p) return true;
    return false;
  }

  // The bytes a value of each kind can start with.
  static bool can_start(mask_kind k, unsigned char c) noexcept {
    const char ch = static_cast<char>(c);
    switch (k) {
      case mask_kind::url: return is_alpha(ch);
      case mask_kind::uuid:
      case mask_kind::mac:
      case mask_kind::hex: return is_hex(ch);
      case mask_kind::datetime: return is_digit(ch) || (ch >= 'A' && ch <= 'Z');
      case mask_kind::ipv6: return is_hex(ch) || ch == ':';
      case mask_kind::block_id: return ch == 'b';
      case mask_kind::path: return ch == '/';
      case mask_kind::ipv4:
      case mask_kind::size:
      case mask_kind::duration: return is_digit(ch);
      case mask_kind::number: return is_digit(ch) || ch == '-' || ch == '+';
    }
    return false;
  }

  // starts_[c]: the enabled kinds (bit i = all_mask_kinds[i]) a value starting with byte c can be.
  void index_starts() noexcept {
    starts_.fill(0);
    for (std::size_t i = 0; i < all_mask_kinds.size(); ++i)
      if (placeholders_[i])
        for (unsigned c = 0; c < 256; ++c)
          if (can_start(all_mask_kinds[i], static_cast<unsigned char>(c))) starts_[c] |= static_cast<std::uint16_t>(1u << i);
  }

  void builtin(std::string_view s, std::string& out) const {
    if (!any_builtin()) {
      out.assign(s);
      return;
    }
    out.clear();
    out.reserve(s.size());
    std::size_t i = 0, copied = 0;  // s[copied, i) is still to be copied; a value may start at i
    while (i < s.size()) {
      std::size_t step = detail::plain_word(s, i);  // a word no kind can match is skipped whole
      for (std::uint16_t kinds = step ? 0 : starts_[static_cast<unsigned char>(s[i])]; kinds != 0; kinds &= kinds - 1) {
        const auto k = static_cast<std::size_t>(std::countr_zero(kinds));
        if ((step = match(all_mask_kinds[k], s, i)) == 0) continue;
        out.append(s, copied, i - copied);
        out += *placeholders_[k];
        copied = i + step;
        break;
      }
      i += step > 0 ? step : 1;
      while (i < s.size() && !detail::starts_value(s, i)) ++i;  // no value starts inside a word
    }
    out.append(s, copied, s.size() - copied);
  }

  // Each case first rejects on a byte a value of its kind must have (most words are no value at
  // all: without these checks masking took three times as long on datasets/logs/hdfs).
  static std::size_t match(mask_kind k, std::string_view s, std::size_t i) noexcept {
    const char c = s[i];
    const auto at = [&](std::size_t offset, char expected) { return i + offset < s.size() && s[i + offset] == expected; };
    switch (k) {
      case mask_kind::url: return is_alpha(c) ? detail::match_url(s, i) : 0;
      case mask_kind::uuid: return at(8, '-') ? detail::match_uuid(s, i) : 0;
      case mask_kind::datetime: return is_digit(c) || (c >= 'A' && c <= 'Z') ? detail::match_datetime(s, i) : 0;
      case mask_kind::mac: return at(2, ':') || at(2, '-') ? detail::match_mac(s, i) : 0;
      case mask_kind::ipv6:
        return (is_hex(c) || c == ':') && s.substr(i, 5).find(':') != std::string_view::npos ? detail::match_ipv6(s, i) : 0;
      case mask_kind::ipv4: return is_digit(c) ? detail::match_ipv4(s, i) : 0;
      case mask_kind::block_id: return c == 'b' ? detail::match_block_id(s, i) : 0;
      case mask_kind::path: return c == '/' ? detail::match_path(s, i) : 0;
      case mask_kind::hex: return is_hex(c) ? detail::match_hex(s, i) : 0;
      case mask_kind::size: return is_digit(c) ? detail::match_size(s, i) : 0;
      case mask_kind::duration: return is_digit(c) ? detail::match_duration(s, i) : 0;
      case mask_kind::number: return is_digit(c) || c == '-' || c == '+' ? detail::match_number(s, i) : 0;
    }
    return 0;
  }

  std::array<std::optional<std::string>, all_mask_kinds.size()> placeholders_;
  std::array<std::uint16_t, 256> starts_{};
  std::vector<rewrite> custom_;
};

}  // namespace nlp
AIOPS_END_NAMESPACE
