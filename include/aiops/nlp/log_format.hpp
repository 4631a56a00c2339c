// aiops: LogHub log-format strings ('<Date> <Time> <Level> <Component>: <Content>'): split lines into header fields and message
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <memory>       // std::shared_ptr
#include <optional>     // std::optional
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/nlp/detail/pattern.hpp"
#include "aiops/nlp/regex_mask.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// A log-format string as the LogHub benchmark and its parsers write them: header fields in
/// angle brackets, the message in `<Content>`, literal text between them.
///
///     auto f = aiops::nlp::log_format::parse("<Date> <Time> <Pid> <Level> <Component>: <Content>");
///     std::vector<std::string_view> v;
///     f->match("081109 203615 148 INFO dfs.DataNode$PacketResponder: Received block blk_1", v);
///     // v = {"081109", "203615", "148", "INFO", "dfs.DataNode$PacketResponder", "Received block blk_1"}
///
/// Semantics are those of the regex LogHub builds from the string: each field matches the
/// shortest text that lets the rest of the line match (`(?P<Name>.*?)`), a run of whitespace
/// matches one or more whitespace bytes (`\s+`), everything else matches itself, and the whole
/// line must match. A backslash makes the next byte literal (`sshd\[<Pid>\]` and `sshd[<Pid>]`
/// are the same; write `\<` for a literal '<'). Lines are matched without their leading and
/// trailing whitespace (LogHub strips lines). A format with a repeated or optional group (an
/// unescaped ')' before '?', '*', '+' or '{', as in LogHub's own `<Component>(\[<PID>\])?:
/// <Content>`) is read as the regex LogHub builds: fields `(?P<Name>.*?)`, runs of spaces `\s+`,
/// the rest as written (regex syntax), matched by PCRE2. Immutable after parse(): share it
/// between threads.
class log_format {
 public:
  /// The most fields a format may name.
  static constexpr std::size_t max_fields = 64;

  /// Reads a format string. Fails (with the 1-based column) on an unclosed or empty `<`, a field
  /// name that is not [A-Za-z_][A-Za-z0-9_]*, a repeated name, a missing `<Content>`, two fields
  /// with nothing between them, more than max_fields fields, or a trailing backslash.
  static result<log_format> parse(std::string_view spec) {
    log_format f;
    std::vector<std::string> literals(1);
    bool last_was_field = false, regex_operators = false;
    for (std::size_t i = 0; i < spec.size(); ++i) {
      const char c = spec[i];
      if (c == ')' && i + 1 < spec.size() && std::string_view("?*+{").find(spec[i + 1]) != std::string_view::npos) regex_operators = true;
      if (c == '\\') {
        if (i + 1 == spec.size()) return fail(errc::syntax, "a backslash at the end escapes nothing", i + 1);
        const char escaped = spec[++i];
        literals.back() += detail::is_space(escaped) ? ' ' : escaped;
        last_was_field = false;
      } else if (c == '<') {
        const std::size_t close = spec.find('>', i);
        if (close == std::string_view::npos) return fail(errc::syntax, "'<' without '>' (write \\< for a literal '<')", i + 1);
        const std::string_view name = spec.substr(i + 1, close - i - 1);
        if (!is_identifier(name))
          return fail(errc::syntax, "field name '" + std::string(name) + "' is not [A-Za-z_][A-Za-z0-9_]*", i + 2);
        if (last_was_field)
          return fail(errc::syntax, "fields '" + f.fields_.back() + "' and '" + std::string(name) + "' need text between them", i + 1);
        for (const std::string& seen : f.fields_)
          if (seen == name) return fail(errc::syntax, "field '" + std::string(name) + "' appears twice", i + 2);
        if (f.fields_.size() == max_fields) return fail(errc::too_long, "more than 64 fields", i + 1);
        f.fields_.emplace_back(name);
        literals.emplace_back();
        last_was_field = true;
        i = close;
      } else if (detail::is_space(c)) {
        if (literals.back().empty() || literals.back().back() != ' ') literals.back() += ' ';
        last_was_field = false;
      } else {
        literals.back() += c;
        last_was_field = false;
      }
    }
    for (std::size_t k = 0; k < f.fields_.size(); ++k)
      if (f.fields_[k] == "Content") f.content_ = k;
    if (f.content_ == npos) return fail(errc::syntax, "no <Content> field", spec.size() + 1);
    f.pattern_ = detail::pattern(std::move(literals));
    f.spec_ = spec;
    if (regex_operators)
      if (auto why = f.compile_loghub_regex()) return *why;
    return f;
  }

  /// As parse(), for a format known to be valid.
  /// @throws std::invalid_argument with the reason and column when it is not.
  explicit log_format(std::string_view spec) : log_format(checked(parse(spec))) {}

  /// The field names in order, `Content` included.
  const std::vector<std::string>& fields() const noexcept { return fields_; }
  /// The position of `Content` in fields().
  std::size_t content_index() const noexcept { return content_; }
  /// The format string it was read from.
  const std::string& spec() const noexcept { return spec_; }

  /// Fills `out` with one value per field (views into `line`); false when the line does not match.
  bool match(std::string_view line, std::vector<std::string_view>& out) const {
    while (!line.empty() && detail::is_space(line.back())) line.remove_suffix(1);
    while (!line.empty() && detail::is_space(line.front())) line.remove_prefix(1);
    return regex_ ? match_regex(line, out) : pattern_.match(line, out);
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  log_format() = default;

  static log_format checked(result<log_format> r) {
    if (!r) {
      const failure& f = r.error();
      throw std::invalid_argument("log format: " + f.message + " (column " + std::to_string(f.column) + ")");
    }
    return std::move(*r);
  }

  // The regex LogHub's generate_logformat_regex builds: ^...$, each <Name> a lazy named group,
  // each run of spaces \s+, everything else as written. Fails with PCRE2's reason and column.
  std::optional<failure> compile_loghub_regex() {
    std::string regex = "^";
    for (std::size_t i = 0; i < spec_.size(); ++i) {
      const char c = spec_[i];
      if (c == '\\' && i + 1 < spec_.size()) {
        regex += spec_.substr(i, 2);
        ++i;
      } else if (c == '<') {
        const std::size_t close = spec_.find('>', i);
        regex += "(?<" + spec_.substr(i + 1, close - i - 1) + ">.*?)";
        i = close;
      } else if (c == ' ') {
        regex += "\\s+";
        while (i + 1 < spec_.size() && spec_[i + 1] == ' ') ++i;
      } else {
        regex += c;
      }
    }
    regex += "$";
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code_8* compiled = pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(regex.data()), regex.size(), 0, &code, &offset, nullptr);
    if (!compiled) return fail(errc::syntax, "as a LogHub regex (" + regex + "): " + detail::pcre2_message(code), 1);
    regex_.reset(compiled, pcre2_code_free_8);
    std::uint32_t groups = 0;
    pcre2_pattern_info_8(compiled, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups >= 32) return fail(errc::too_long, "as a LogHub regex, more than 31 groups", 1);  // the match data holds 32
    pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE);  // else matching interprets
    for (const std::string& name : fields_)
      group_.push_back(pcre2_substring_number_from_name_8(compiled, reinterpret_cast<PCRE2_SPTR8>(name.c_str())));
    return std::nullopt;
  }

  bool match_regex(std::string_view line, std::vector<std::string_view>& out) const {
    thread_local detail::regex_scratch scratch;
    out.clear();
    const int rc = pcre2_match_8(regex_.get(), reinterpret_cast<PCRE2_SPTR8>(line.data()), line.size(), 0, 0, scratch.data, scratch.context);
    if (rc < 0) return false;  // no match, or PCRE2's match limit on a pathological line
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer_8(scratch.data);
    const auto pairs = pcre2_get_ovector_count_8(scratch.data);
    for (const int g : group_) {
      const bool set = g > 0 && static_cast<std::uint32_t>(g) < pairs && ov[2 * g] != PCRE2_UNSET;
      out.push_back(set ? line.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]) : std::string_view());
    }
    return true;
  }

  std::vector<std::string> fields_;
  std::size_t content_ = npos;
  detail::pattern pattern_;
  std::string spec_;
  std::shared_ptr<pcre2_code_8> regex_;  // set when the format is a LogHub regex
  std::vector<int> group_;               // each field's group in regex_
};

}  // namespace nlp
AIOPS_END_NAMESPACE
