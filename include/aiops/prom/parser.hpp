// aiops: a streaming parser of the Prometheus text format 0.0.4 and OpenMetrics 1.0, with line and reason of every error
// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>       // std::from_chars
#include <cmath>          // std::llround, std::isfinite
#include <cstddef>        // std::size_t
#include <cstdint>        // std::int64_t
#include <deque>          // std::deque: unescaped values keep their address while more are added
#include <initializer_list>  // looping over a label's name and value
#include <limits>         // std::numeric_limits
#include <optional>       // std::optional
#include <span>           // std::span
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/prom/model.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// A label as the parser saw it; the views are valid during the handler call only.
struct label_view {
  std::string_view name;
  std::string_view value;
};

/// An OpenMetrics exemplar as the parser saw it.
struct exemplar_view {
  std::span<const label_view> labels;
  double value = 0;
  std::optional<double> timestamp;  ///< Unix seconds
};

/// One sample line as the parser saw it; the views are valid during the handler call only.
struct sample_view {
  std::string_view name;
  std::span<const label_view> labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  const exemplar_view* exemplar = nullptr;  ///< nullptr when the line had none
};

/// A family's metadata as known when its first sample (or the next family) arrives.
struct family_view {
  std::string_view name;
  metric_type type = metric_type::untyped;
  std::string_view help;
  std::string_view unit;
};

/// A malformed line: 1-based line and column (byte) and the reason.
struct parse_issue {
  std::size_t line = 0;
  std::size_t column = 0;
  std::string reason;
};

namespace detail {

// A value as the Prometheus parsers read it (Go's strconv.ParseFloat minus hexadecimal and '_'):
// an optional sign, decimal digits and exponent, "Inf"/"Infinity" (signed or not) and "NaN" (unsigned)
// in any case. Too large is an error; too small is 0.
inline std::optional<double> parse_float(std::string_view s) noexcept {
  if (s.empty()) return std::nullopt;
  const bool signed_ = s[0] == '+' || s[0] == '-';
  const bool negative = s[0] == '-';
  if (signed_) s.remove_prefix(1);
  if (s.empty() || s[0] == '+' || s[0] == '-') return std::nullopt;
  if (s.find_first_of("xXpP_") != std::string_view::npos) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (end != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves v unset: tell underflow (Go gives 0) from overflow (an error) by the exponent's sign.
    const auto e = s.find_first_of("eE");
    if (e == std::string_view::npos || e + 1 >= s.size() || s[e + 1] != '-') return std::nullopt;
    v = 0;
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  if (signed_ && v != v) return std::nullopt;  // "+NaN" is not a number to Go
  return negative ? -v : v;
}

// Go's strconv.ParseInt(s, 10, 64): an optional sign, then digits.
inline std::optional<std::int64_t> parse_int64(std::string_view s) noexcept {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return std::nullopt;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as Go checks it.
inline bool valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c == 0xE0) { n = 2; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) n = 2;
    else if (c == 0xED) { n = 2; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) n = 2;
    else if (c == 0xF0) { n = 3; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) n = 3;
    else if (c == 0xF4) { n = 3; hi = 0x8F; }
    else return false;
    if (i + n >= s.size()) return false;  // the sequence is cut
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
constexpr bool is_name_char(char c, bool first) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
}
constexpr bool is_label_char(char c, bool first) noexcept { return c != ':' && is_name_char(c, first); }

}  // namespace detail

/// A streaming parser: feed it chunks of any size, it calls a handler per family and per sample.
///
///     struct counter_handler {
///       std::size_t samples = 0;
///       void on_family(const prom::family_view&) {}
///       void on_sample(const prom::family_view&, const prom::sample_view&) { ++samples; }
///       void on_error(const prom::parse_issue& e) { std::cerr << e.line << ": " << e.reason << "\n"; }
///     } h;
///     prom::parser p(prom::format::text);
///     while (read(chunk)) p.feed(chunk, h);
///     p.finish(h);
///
/// A malformed line calls `on_error` and is skipped; parsing goes on with the next line. The
/// rules are those of the Prometheus parsers behind `promtool check metrics` (text 0.0.4) and of
/// the OpenMetrics 1.0 specification: names, label escapes (`\\`, `\"`, `\n`), UTF-8 label values,
/// duplicate or reserved labels, `le`/`quantile` values, second HELP/TYPE lines, suffixes per type
/// and family order (OpenMetrics), exemplars and the final `# EOF` (OpenMetrics).
///
/// Thread safety: one parser per thread.
class parser {
 public:
  explicit parser(format f = format::text) : format_(f) {}

  /// Parses the complete lines of `chunk` (a line split between chunks is kept for the next call).
  template <class Handler>
  void feed(std::string_view chunk, Handler& handler) {
    if (!carry_.empty()) {
      const auto nl = chunk.find('\n');
      if (nl == std::string_view::npos) {
        carry_.append(chunk);
        return;
      }
      carry_.append(chunk.substr(0, nl));
      line(carry_, handler);
      carry_.clear();
      chunk.remove_prefix(nl + 1);
    }
    for (;;) {
      const auto nl = chunk.find('\n');
      if (nl == std::string_view::npos) break;
      line(chunk.substr(0, nl), handler);
      chunk.remove_prefix(nl + 1);
    }
    carry_.assign(chunk);
  }

  /// Parses what is left (a last line without a newline), ends the last family and checks `# EOF`.
  template <class Handler>
  void finish(Handler& handler) {
    if (!carry_.empty()) {
      std::string last;
      last.swap(carry_);
      line(last, handler);
    }
    close_family(handler);
    if (format_ == format::openmetrics && !eof_) error(handler, lines_ + 1, 1, "missing '# EOF' at the end");
  }

  /// Lines read so far.
  std::size_t lines() const noexcept { return lines_; }
  /// Malformed lines (and structure errors) so far.
  std::size_t error_count() const noexcept { return errors_; }

 private:
  struct family_state {
    std::string name;
    metric_type type = metric_type::untyped;
    std::string help, unit;
    bool has_help = false, has_type = false, has_unit = false, has_samples = false;
  };

  // One line, without its '\n'.
  template <class Handler>
  void line(std::string_view text, Handler& handler) {
    ++lines_;
    if (eof_) {
      if (!after_eof_reported_) error(handler, lines_, 1, "text after '# EOF'");
      after_eof_reported_ = true;
      return;
    }
    std::size_t pos = 0;
    if (format_ == format::text) {
      while (pos < text.size() && detail::is_blank(text[pos])) ++pos;
      if (pos == text.size()) return;
    } else if (text.empty()) {
      error(handler, lines_, 1, "empty line (not allowed in OpenMetrics)");
      return;
    }
    if (text[pos] == '#') comment(text, pos, handler);
    else sample_line(text, pos, handler);
  }

  template <class Handler>
  void comment(std::string_view text, std::size_t pos, Handler& handler) {
    const bool om = format_ == format::openmetrics;
    ++pos;
    skip_blanks(text, pos);
    const std::string_view keyword = token(text, pos);
    if (om && text == "# EOF") {
      eof_ = true;
      return;
    }
    const bool help = keyword == "HELP", type = keyword == "TYPE", unit = om && keyword == "UNIT";
    if (!help && !type && !unit) {
      if (om) error(handler, lines_, 1, "a comment other than '# HELP', '# TYPE', '# UNIT' or '# EOF'");
      return;
    }
    skip_blanks(text, pos);
    const std::size_t name_column = pos + 1;
    const std::string_view name = token(text, pos);
    if (!is_metric_name(name)) {
      return error(handler, lines_, name_column,
                   name.empty() ? "missing metric name in " + std::string(keyword) + " line"
                                : "invalid metric name '" + std::string(name) + "' in " + std::string(keyword) + " line");
    }
    family_state* f = metadata_family(name, handler);
    if (f == nullptr) return;
    skip_blanks(text, pos);
    const std::string_view rest = text.substr(pos);
    if (help) {
      if (f->has_help) return error(handler, lines_, 1, "second HELP line for '" + f->name + "'");
      std::string value;
      if (!unescape(rest, om ? "\\\"n" : "\\n", value)) {
        return error(handler, lines_, pos + 1, "invalid escape sequence in HELP text");
      }
      if (!detail::valid_utf8(value)) return error(handler, lines_, pos + 1, "HELP text is not valid UTF-8");
      f->help = std::move(value);
      f->has_help = true;
    } else if (type) {
      if (f->has_type || f->has_samples) {
        return error(handler, lines_, 1, "second TYPE line for '" + f->name + "', or TYPE after its samples");
      }
      std::size_t p = pos;
      const std::string_view word = token(text, p);
      skip_blanks(text, p);
      const auto t = parse_type(word);
      if (!t || p != text.size()) return error(handler, lines_, pos + 1, "unknown metric type '" + std::string(rest) + "'");
      f->type = *t;
      f->has_type = true;
    } else {
      if (f->has_unit) return error(handler, lines_, 1, "second UNIT line for '" + f->name + "'");
      if (!rest.empty() && !(f->name.size() > rest.size() && f->name.ends_with(rest) &&
                             f->name[f->name.size() - rest.size() - 1] == '_')) {
        return error(handler, lines_, pos + 1, "the family name '" + f->name + "' does not end with its unit '_" +
                                                   std::string(rest) + "'");
      }
      f->unit = std::string(rest);
      f->has_unit = true;
    }
  }

  template <class Handler>
  void sample_line(std::string_view text, std::size_t pos, Handler& handler) {
    const bool om = format_ == format::openmetrics;
    const std::size_t start = pos;
    while (pos < text.size() && detail::is_name_char(text[pos], pos == start)) ++pos;
    if (pos == start) return error(handler, lines_, pos + 1, "expected a metric name");
    const std::string_view name = text.substr(start, pos - start);
    if (pos < text.size() && !detail::is_blank(text[pos]) && text[pos] != '{') {
      return error(handler, lines_, pos + 1, "invalid character in metric name");
    }
    skip_blanks(text, pos);
    labels_.clear();
    if (pos < text.size() && text[pos] == '{') {
      if (!labels(text, pos, labels_, pool_, handler)) return;
      skip_blanks(text, pos);
    }
    const std::size_t value_column = pos + 1;
    const std::string_view value_text = token(text, pos);
    if (value_text.empty()) return error(handler, lines_, value_column, "missing value");
    const auto value = detail::parse_float(value_text);
    if (!value) return error(handler, lines_, value_column, "invalid value '" + std::string(value_text) + "'");
    sample_view s;
    s.name = name;
    s.value = *value;
    // A blank after the value announces a timestamp (or, in OpenMetrics, an exemplar); trailing blanks are errors.
    exemplar_view ex;
    if (pos < text.size()) {
      skip_blanks(text, pos);
      if (!(om && pos < text.size() && text[pos] == '#')) {
        const std::size_t ts_column = pos + 1;
        const std::string_view ts = token(text, pos);
        if (ts.empty()) return error(handler, lines_, ts_column, "blank after the value but no timestamp");
        if (om) {
          const auto seconds = detail::parse_float(ts);
          if (!seconds || !std::isfinite(*seconds) || std::abs(*seconds) > 9.2e15) {
            return error(handler, lines_, ts_column, "invalid timestamp '" + std::string(ts) + "'");
          }
          s.timestamp_ms = std::llround(*seconds * 1000);
        } else {
          s.timestamp_ms = detail::parse_int64(ts);
          if (!s.timestamp_ms) return error(handler, lines_, ts_column, "invalid timestamp '" + std::string(ts) + "'");
        }
        if (pos < text.size() && om) skip_blanks(text, pos);
      }
      if (pos < text.size()) {
        if (!om || text[pos] != '#') return error(handler, lines_, pos + 1, "unexpected text after the timestamp");
        if (!exemplar(text, pos, ex, handler)) return;
        s.exemplar = &ex;
      }
    }
    s.labels = labels_;
    family_state* f = sample_family(name, handler);
    if (f == nullptr || !check_sample(*f, s, handler)) return;
    f->has_samples = true;
    const family_view fv = view(*f);
    if (!announced_) {
      handler.on_family(fv);
      announced_ = true;
    }
    handler.on_sample(fv, s);
  }

  // `{name="value",...}` from text[pos] == '{'; leaves pos after '}'.
  template <class Handler>
  bool labels(std::string_view text, std::size_t& pos, std::vector<label_view>& out, std::deque<std::string>& pool,
              Handler& handler) {
    const bool om = format_ == format::openmetrics;
    std::size_t used = 0;
    ++pos;
    for (;;) {
      skip_blanks(text, pos);
      if (pos < text.size() && text[pos] == '}') break;
      const std::size_t name_start = pos;
      while (pos < text.size() && detail::is_label_char(text[pos], pos == name_start)) ++pos;
      if (pos == name_start) return error(handler, lines_, pos + 1, "expected a label name"), false;
      const std::string_view lname = text.substr(name_start, pos - name_start);
      skip_blanks(text, pos);
      if (pos >= text.size() || text[pos] != '=') {
        return error(handler, lines_, pos + 1, "expected '=' after label name '" + std::string(lname) + "'"), false;
      }
      ++pos;
      skip_blanks(text, pos);
      if (pos >= text.size() || text[pos] != '"') {
        return error(handler, lines_, pos + 1, "expected '\"' to start the value of label '" + std::string(lname) + "'"),
               false;
      }
      const std::size_t value_start = ++pos;
      bool escaped = false;
      while (pos < text.size() && text[pos] != '"') {
        if (text[pos] == '\\') {
          escaped = true;
          ++pos;
        }
        ++pos;
      }
      if (pos >= text.size()) {
        return error(handler, lines_, value_start, "unterminated value of label '" + std::string(lname) + "'"), false;
      }
      std::string_view lvalue = text.substr(value_start, pos - value_start);
      ++pos;
      if (escaped) {
        if (used == pool.size()) pool.emplace_back();
        std::string& buffer = pool[used++];
        if (!unescape(lvalue, "\\\"n", buffer)) {
          return error(handler, lines_, value_start, "invalid escape sequence in the value of label '" +
                                                         std::string(lname) + "'"),
                 false;
        }
        lvalue = buffer;
      }
      if (!detail::valid_utf8(lvalue)) {
        return error(handler, lines_, value_start, "value of label '" + std::string(lname) + "' is not valid UTF-8"),
               false;
      }
      if (!om && lname == "__name__") return error(handler, lines_, name_start + 1, "label name '__name__' is reserved"), false;
      for (const auto& l : out) {
        if (l.name == lname) {
          return error(handler, lines_, name_start + 1, "duplicate label '" + std::string(lname) + "'"), false;
        }
      }
      out.push_back({lname, lvalue});
      skip_blanks(text, pos);
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == '}') break;
      return error(handler, lines_, pos + 1, "expected ',' or '}' after the value of label '" + std::string(lname) + "'"),
             false;
    }
    ++pos;
    return true;
  }

  // ` # {labels} value [timestamp]` from text[pos] == '#'.
  template <class Handler>
  bool exemplar(std::string_view text, std::size_t& pos, exemplar_view& ex, Handler& handler) {
    ++pos;
    skip_blanks(text, pos);
    if (pos >= text.size() || text[pos] != '{') return error(handler, lines_, pos + 1, "expected '{' to start an exemplar"), false;
    exemplar_labels_.clear();
    if (!labels(text, pos, exemplar_labels_, exemplar_pool_, handler)) return false;
    std::size_t runes = 0;
    for (const auto& l : exemplar_labels_)
      for (std::string_view part : {l.name, l.value})
        for (char c : part) runes += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (runes > 128) return error(handler, lines_, pos, "exemplar labels longer than 128 characters"), false;
    skip_blanks(text, pos);
    const std::size_t value_column = pos + 1;
    const auto value = detail::parse_float(token(text, pos));
    if (!value) return error(handler, lines_, value_column, "invalid exemplar value"), false;
    skip_blanks(text, pos);
    if (pos < text.size()) {
      const std::size_t ts_column = pos + 1;
      const auto ts = detail::parse_float(token(text, pos));
      if (!ts || !std::isfinite(*ts) || std::abs(*ts) > 9.2e15) {
        return error(handler, lines_, ts_column, "invalid exemplar timestamp"), false;
      }
      ex.timestamp = *ts;
      skip_blanks(text, pos);
      if (pos < text.size()) return error(handler, lines_, pos + 1, "unexpected text after the exemplar"), false;
    }
    ex.labels = exemplar_labels_;
    ex.value = *value;
    return true;
  }

  // Checks what the family's type says about a sample: its suffix, `le` and `quantile` labels, exemplars.
  template <class Handler>
  bool check_sample(const family_state& f, const sample_view& s, Handler& handler) {
    const bool om = format_ == format::openmetrics;
    const std::string_view suffix = s.name.substr(f.name.size());
    const auto label = [&s](std::string_view n) -> std::optional<std::string_view> {
      for (const auto& l : s.labels)
        if (l.name == n) return l.value;
      return std::nullopt;
    };
    const auto float_label = [&](std::string_view n) {
      const auto v = label(n);
      if (!v) {
        if (om) error(handler, lines_, 1, "sample '" + std::string(s.name) + "' lacks its '" + std::string(n) + "' label");
        return !om;
      }
      if (!detail::parse_float(*v)) {
        error(handler, lines_, 1, "label '" + std::string(n) + "' of '" + std::string(s.name) + "' is not a number: '" +
                                      std::string(*v) + "'");
        return false;
      }
      return true;
    };
    const bool bucket = suffix == "_bucket" &&
                        (f.type == metric_type::histogram || f.type == metric_type::gauge_histogram);
    if (bucket && !float_label("le")) return false;
    if (f.type == metric_type::summary && suffix.empty() && !float_label("quantile")) return false;
    if (om) {
      const bool bare_forbidden = f.type == metric_type::counter || f.type == metric_type::histogram ||
                                  f.type == metric_type::gauge_histogram || f.type == metric_type::info;
      // client_golang names a counter family like its samples (`x_total`), which Prometheus accepts.
      const bool named_total = f.type == metric_type::counter && f.name.ends_with("_total");
      if (suffix.empty() && bare_forbidden && !named_total) {
        return error(handler, lines_, 1, "a " + std::string(to_string(f.type, format_)) + " sample needs a suffix: '" +
                                             std::string(s.name) + "'"),
               false;
      }
      const bool total = f.type == metric_type::counter && (suffix == "_total" || (suffix.empty() && named_total));
      if (s.exemplar != nullptr && !bucket && !total) {
        return error(handler, lines_, 1, "exemplars belong to counters' _total and histograms' _bucket samples"), false;
      }
      if (total && (s.value < 0 || std::isnan(s.value))) {
        return error(handler, lines_, 1, "a counter's value must be a non-negative number"), false;
      }
    }
    return true;
  }

  // The family of a sample: the current one when the name is its name plus an allowed suffix, else
  // the family declared for it (directly or, for histograms and summaries, through a suffix), else a new untyped one.
  template <class Handler>
  family_state* sample_family(std::string_view name, Handler& handler) {
    if (current_ != nullptr && belongs(*current_, name)) return current_;
    family_state* found = find(name);
    if (found == nullptr) {
      for (std::string_view suffix : suffixes) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
          family_state* f = find(name.substr(0, name.size() - suffix.size()));
          if (f != nullptr && belongs(*f, name)) {
            found = f;
            break;
          }
        }
      }
    }
    if (found != nullptr && format_ == format::openmetrics) {
      error(handler, lines_, 1, "samples of family '" + found->name + "' are not together");
      return nullptr;
    }
    if (found == nullptr) found = &create(name);
    switch_to(found, handler);
    return found;
  }

  // The family a HELP/TYPE/UNIT line is about.
  template <class Handler>
  family_state* metadata_family(std::string_view name, Handler& handler) {
    if (current_ != nullptr && current_->name == name) {
      if (format_ == format::openmetrics && current_->has_samples) {
        error(handler, lines_, 1, "metadata of '" + current_->name + "' after its samples");
        return nullptr;
      }
      return current_;
    }
    family_state* f = find(name);
    if (f != nullptr && format_ == format::openmetrics) {
      error(handler, lines_, 1, "family '" + f->name + "' appears twice");
      return nullptr;
    }
    if (f == nullptr) f = &create(name);
    switch_to(f, handler);
    return f;
  }

  bool belongs(const family_state& f, std::string_view name) const noexcept {
    if (name.size() < f.name.size() || name.substr(0, f.name.size()) != f.name) return false;
    const std::string_view suffix = name.substr(f.name.size());
    if (suffix.empty()) return true;
    const bool om = format_ == format::openmetrics;
    switch (f.type) {
      case metric_type::histogram:
        return suffix == "_bucket" || suffix == "_sum" || suffix == "_count" || (om && suffix == "_created");
      case metric_type::summary:
        return suffix == "_sum" || suffix == "_count" || (om && suffix == "_created");
      case metric_type::counter: return om && (suffix == "_total" || suffix == "_created");
      case metric_type::gauge_histogram: return suffix == "_bucket" || suffix == "_gsum" || suffix == "_gcount";
      case metric_type::info: return om && suffix == "_info";
      default: return false;
    }
  }

  template <class Handler>
  void switch_to(family_state* f, Handler& handler) {
    close_family(handler);
    current_ = f;
    announced_ = false;
  }

  // A family with metadata and no samples is still reported, so that writers can keep its HELP.
  template <class Handler>
  void close_family(Handler& handler) {
    if (current_ != nullptr && !announced_) handler.on_family(view(*current_));
    announced_ = true;
  }

  family_state* find(std::string_view name) {
    key_.assign(name);
    const auto it = families_.find(key_);
    return it == families_.end() ? nullptr : &it->second;
  }
  family_state& create(std::string_view name) {
    key_.assign(name);
    family_state& f = families_[key_];
    f.name = key_;
    return f;
  }

  std::optional<metric_type> parse_type(std::string_view word) const {
    std::string w(word);
    for (char& c : w) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (format_ == format::openmetrics && w != word) return std::nullopt;  // OpenMetrics types are lower case
    if (w == "counter") return metric_type::counter;
    if (w == "gauge") return metric_type::gauge;
    if (w == "histogram") return metric_type::histogram;
    if (w == "summary") return metric_type::summary;
    if (format_ == format::text) {
      if (w == "untyped") return metric_type::untyped;
      if (w == "gauge_histogram") return metric_type::gauge_histogram;
    } else {
      if (w == "unknown" || w == "untyped") return metric_type::untyped;  // client_golang writes "untyped"
      if (w == "gaugehistogram") return metric_type::gauge_histogram;
      if (w == "info") return metric_type::info;
      if (w == "stateset") return metric_type::stateset;
    }
    return std::nullopt;
  }

  static family_view view(const family_state& f) noexcept { return {f.name, f.type, f.help, f.unit}; }

  static void skip_blanks(std::string_view text, std::size_t& pos) noexcept {
    while (pos < text.size() && detail::is_blank(text[pos])) ++pos;
  }
  static std::string_view token(std::string_view text, std::size_t& pos) noexcept {
    const std::size_t start = pos;
    while (pos < text.size() && !detail::is_blank(text[pos])) ++pos;
    return text.substr(start, pos - start);
  }

  // Replaces `\\`, `\n` and the other escapes in `allowed` ('"'); false on any other escape.
  static bool unescape(std::string_view in, std::string_view allowed, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
      if (in[i] != '\\') {
        out += in[i];
        continue;
      }
      if (++i == in.size() || allowed.find(in[i]) == std::string_view::npos) return false;
      out += in[i] == 'n' ? '\n' : in[i];
    }
    return true;
  }

  template <class Handler>
  void error(Handler& handler, std::size_t line, std::size_t column, std::string reason) {
    ++errors_;
    handler.on_error(parse_issue{line, column, std::move(reason)});
  }

  static constexpr std::string_view suffixes[] = {"_bucket", "_count", "_sum", "_total", "_created",
                                                  "_gcount", "_gsum", "_info"};

  format format_;
  std::string carry_;
  std::size_t lines_ = 0;
  std::size_t errors_ = 0;
  bool eof_ = false, after_eof_reported_ = false;
  std::unordered_map<std::string, family_state> families_;  // node-based: pointers stay valid
  family_state* current_ = nullptr;
  bool announced_ = true;  // on_family was called for current_
  std::string key_;
  std::vector<label_view> labels_, exemplar_labels_;
  std::deque<std::string> pool_, exemplar_pool_;
};

/// What `parse` returns: the families in order of appearance, and the malformed lines.
struct parse_result {
  std::vector<metric_family> families;
  std::vector<parse_issue> errors;  ///< the first `max_errors`
  std::size_t error_count = 0;      ///< all of them
  std::size_t lines = 0;
  /// No error at all.
  bool ok() const noexcept { return error_count == 0; }
  /// The family named `name`, or nullptr.
  const metric_family* find(std::string_view name) const noexcept {
    for (const auto& f : families)
      if (f.name == name) return &f;
    return nullptr;
  }
};

/// Parses a whole exposition into families (samples of a text-format family split across the
/// page are merged). Never throws on bad input: each malformed line is in `errors`.
///
///     auto r = prom::parse(body);
///     if (!r.ok()) std::cerr << "line " << r.errors[0].line << ": " << r.errors[0].reason << "\n";
///     for (const auto& s : r.find("node_load1")->samples) std::cout << s.value << "\n";
inline parse_result parse(std::string_view text, format f = format::text, std::size_t max_errors = 100) {
  struct collector {
    parse_result& out;
    std::size_t max_errors;
    std::unordered_map<std::string, std::size_t> index;
    metric_family* current = nullptr;

    void on_family(const family_view& v) {
      const auto [it, fresh] = index.try_emplace(std::string(v.name), out.families.size());
      if (fresh) out.families.emplace_back();
      current = &out.families[it->second];
      current->name = v.name;
      current->type = v.type;
      current->help = v.help;
      current->unit = v.unit;
    }
    static label_set copy(std::span<const label_view> in) {
      label_set ls;
      ls.reserve(in.size());
      for (const auto& l : in) ls.push_back({std::string(l.name), std::string(l.value)});
      return ls;
    }
    void on_sample(const family_view&, const sample_view& s) {
      sample& out_sample = current->samples.emplace_back();
      out_sample.name = s.name;
      out_sample.labels = copy(s.labels);
      out_sample.value = s.value;
      out_sample.timestamp_ms = s.timestamp_ms;
      if (s.exemplar != nullptr) out_sample.exemplar = prom::exemplar{copy(s.exemplar->labels), s.exemplar->value, s.exemplar->timestamp};
    }
    void on_error(const parse_issue& e) {
      if (out.errors.size() < max_errors) out.errors.push_back(e);
    }
  };
  parse_result out;
  collector c{out, max_errors, {}, nullptr};
  parser p(f);
  p.feed(text, c);
  p.finish(c);
  out.error_count = p.error_count();
  out.lines = p.lines();
  return out;
}

}  // namespace prom
AIOPS_END_NAMESPACE
