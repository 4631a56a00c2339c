// aiops: grok: Logstash-style named patterns (%{IPORHOST:[source][address]}) compiled to PCRE2 with JIT at run time
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>         // std::sort, std::all_of, std::find, std::max
#include <array>             // std::array
#include <cmath>             // std::isfinite
#include <cstddef>           // std::size_t, std::ptrdiff_t
#include <cstdint>           // std::uint8_t, std::uint16_t, std::uint32_t, std::int64_t
#include <functional>        // std::less
#include <initializer_list>  // std::initializer_list
#include <iterator>          // std::input_iterator_tag
#include <limits>            // std::numeric_limits
#include <map>               // std::map
#include <memory>            // std::unique_ptr, std::shared_ptr
#include <new>               // std::bad_alloc
#include <optional>          // std::optional
#include <span>              // std::span
#include <stdexcept>         // std::invalid_argument
#include <string>            // std::string
#include <string_view>       // std::string_view
#include <utility>           // std::move, std::pair
#include <vector>            // std::vector

// The 8-bit library; the *_8 names below work whatever width an including program chose.
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/logs/grok/detail/expand.hpp"
#include "aiops/logs/grok/patterns.hpp"
#include "aiops/logs/reader.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// A record holds at most this many fields (so matching needs no allocation).
inline constexpr std::size_t max_grok_fields = 64;

/// Which field names the standard patterns give, as Logstash's `ecs_compatibility`.
enum class grok_ecs : std::uint8_t {
  v1,        ///< Elastic Common Schema: [source][address], [http][response][status_code] (Logstash 8's default)
  disabled,  ///< the older names: clientip, response, bytes, program, pid
};

/// A set of named patterns that grok patterns refer to with %{NAME}.
///
///     aiops::logs::grok_library lib = aiops::logs::grok_library::standard();
///     lib.add("QUEUEID", "[0-9A-F]{10,11}");
///     auto g = aiops::logs::grok::compile("%{SYSLOGBASE} %{QUEUEID:queue_id}: %{GREEDYDATA:message}", lib);
class grok_library {
 public:
  /// An empty library.
  grok_library() = default;

  /// Logstash's standard patterns (grok-patterns, httpd and linux-syslog files); built once, thread-safe.
  static const grok_library& standard(grok_ecs ecs = grok_ecs::v1) {
    if (ecs == grok_ecs::disabled) {
      static const grok_library legacy = with(grok_patterns::legacy);
      return legacy;
    }
    static const grok_library v1 = with(grok_patterns::ecs_v1);
    return v1;
  }

  /// Adds `name` or replaces its regex, which may refer to other patterns (checked when a grok compiles).
  /// @throws std::invalid_argument when `name` is not letters, digits and '_'.
  grok_library& add(std::string_view name, std::string_view regex) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), detail::is_grok_name_char))
      throw std::invalid_argument("grok pattern names are letters, digits and '_', not '" + std::string(name) + "'");
    patterns_.insert_or_assign(std::string(name), std::string(regex));
    return *this;
  }

  /// Adds the patterns of a Logstash pattern file's text: one `NAME regex` per line (the regex is
  /// the rest of the line after the blanks that follow the name), blank lines and lines starting
  /// with '#' ignored. All or nothing: on a bad line nothing is added and the failure says
  /// "<source>:<line>: <reason>" with the column. Returns how many patterns were read.
  result<std::size_t> add_patterns(std::string_view text, std::string_view source = "<patterns>") {
    std::vector<std::pair<std::string_view, std::string_view>> read;
    std::size_t number = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      start = end + 1;
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t i = 0;
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i == line.size() || line[i] == '#') continue;
      const std::size_t name_start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      const std::string_view name = line.substr(name_start, i - name_start);
      auto bad = [&](std::string why, std::size_t column) {
        return fail(errc::syntax, std::string(source) + ":" + std::to_string(number) + ": " + why, column);
      };
      if (!std::all_of(name.begin(), name.end(), detail::is_grok_name_char))
        return bad("bad pattern name '" + std::string(name) + "': use letters, digits and '_'", name_start + 1);
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i == line.size()) return bad("pattern " + std::string(name) + " has no regex after its name", i + 1);
      read.emplace_back(name, line.substr(i));
    }
    for (auto [name, regex] : read) add(name, regex);
    return read.size();
  }

  /// Adds the patterns of a Logstash pattern file (see add_patterns); the failure names the file.
  /// @throws io_error when the file cannot be read.
  result<std::size_t> load(const std::string& path) {
    file_source file(path);
    std::string text;
    char buffer[64 * 1024];
    while (const std::size_t n = file.read(buffer, sizeof buffer)) text.append(buffer, n);
    return add_patterns(text, path);
  }

  /// The regex of `name`, or null.
  const std::string* find(std::string_view name) const noexcept {
    const auto it = patterns_.find(name);
    return it == patterns_.end() ? nullptr : &it->second;
  }
  /// The library's own copy of `name` (empty when absent): a view that lives as long as the library.
  std::string_view find_name(std::string_view name) const noexcept {
    const auto it = patterns_.find(name);
    return it == patterns_.end() ? std::string_view() : std::string_view(it->first);
  }
  std::size_t size() const noexcept { return patterns_.size(); }
  /// Every pattern name, sorted.
  std::vector<std::string_view> names() const {
    std::vector<std::string_view> out;
    for (const auto& entry : patterns_) out.push_back(entry.first);
    return out;
  }

 private:
  static grok_library with(std::span<const grok_patterns::definition> fields) {
    grok_library lib;
    for (const auto& d : grok_patterns::common) lib.add(d.name, d.regex);
    for (const auto& d : fields) lib.add(d.name, d.regex);
    return lib;
  }

  std::map<std::string, std::string, std::less<>> patterns_;
};

/// Where a pattern must match in the line.
enum class grok_anchor : std::uint8_t {
  none,   ///< anywhere (Logstash's behaviour; write ^ and $ in the pattern to anchor it)
  start,  ///< at the start of the line
  full,   ///< the whole line
};

/// How a grok matches.
struct grok_options {
  grok_anchor anchor = grok_anchor::none;
  /// With several patterns: stop at the first that matches (Logstash's default). When false,
  /// every pattern is tried and the record holds the fields of all that match.
  bool break_on_match = true;
  /// Keep captures that matched the empty string (Logstash drops them by default).
  bool keep_empty_captures = false;
};

/// One field of a grok_record.
struct grok_field {
  std::string_view name;  ///< dotted: %{IP:[source][ip]} and %{IP:source.ip} both give "source.ip"
  std::string_view text;  ///< the captured text, a view into the line
  grok_type type = grok_type::string;
  std::int64_t integer = 0;  ///< the value when type is integer
  double floating = 0;       ///< the value when type is floating
};

namespace detail {

struct pcre2_deleter {
  void operator()(pcre2_code_8* p) const noexcept { pcre2_code_free_8(p); }
  void operator()(pcre2_match_data_8* p) const noexcept { pcre2_match_data_free_8(p); }
  void operator()(pcre2_match_context_8* p) const noexcept { pcre2_match_context_free_8(p); }
  void operator()(pcre2_jit_stack_8* p) const noexcept { pcre2_jit_stack_free_8(p); }
};
template <class T>
using pcre2_ptr = std::unique_ptr<T, pcre2_deleter>;

inline std::string pcre2_message(int code) {
  PCRE2_UCHAR8 text[256];
  if (pcre2_get_error_message_8(code, text, sizeof text) < 0) return "PCRE2 error " + std::to_string(code);
  return reinterpret_cast<const char*>(text);
}

inline std::optional<std::int64_t> grok_integer(std::string_view s) noexcept { return parse_int(without_plus(s)); }
inline std::optional<double> grok_floating(std::string_view s) noexcept {
  const auto v = parse_double(without_plus(s));
  return v && std::isfinite(*v) ? v : std::nullopt;
}

// One compiled pattern of a grok.
struct grok_compiled {
  std::string pattern;  // the grok text
  std::string regex;    // its expansion
  pcre2_ptr<pcre2_code_8> code;
  std::vector<std::pair<std::uint32_t, std::uint16_t>> groups;  // (PCRE2 group, capture index), by group
  bool jit = false;
};

// What a grok shares between its copies and its records: immutable once built.
struct grok_program {
  std::vector<grok_compiled> patterns;
  std::vector<grok_capture> captures;  // of all patterns
  grok_options options;
  std::uint32_t ovector_pairs = 1;
  std::string no_match;  // the failure message when nothing matches
};

// The per-thread state of matching: PCRE2 match data (grown to the largest pattern used on
// this thread), and a JIT stack larger than PCRE2's 32 KiB default for long lines.
struct grok_scratch {
  pcre2_ptr<pcre2_match_data_8> data;
  std::uint32_t pairs = 0;
  pcre2_ptr<pcre2_match_context_8> context;
  pcre2_ptr<pcre2_jit_stack_8> stack;
};

inline grok_scratch& grok_scratch_for(std::uint32_t pairs) {
  thread_local grok_scratch s;
  if (!s.context) {
    s.context.reset(pcre2_match_context_create_8(nullptr));
    s.stack.reset(pcre2_jit_stack_create_8(32 * 1024, 1024 * 1024, nullptr));
    if (!s.context || !s.stack) throw std::bad_alloc();
    pcre2_jit_stack_assign_8(s.context.get(), nullptr, s.stack.get());
  }
  if (s.pairs < pairs) {
    s.data.reset(pcre2_match_data_create_8(pairs, nullptr));
    if (!s.data) throw std::bad_alloc();
    s.pairs = pairs;
  }
  return s;
}

}  // namespace detail

/// The fields one line gave: views into the line, plus the numbers of typed captures.
///
/// Valid while the line and the grok that produced it (or a copy of it) live. Fields come in
/// pattern order; a field name can appear more than once (find() returns the first).
class grok_record {
 public:
  /// Iterates the fields in pattern order.
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = grok_field;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = grok_field;
    iterator() = default;
    grok_field operator*() const noexcept { return (*record_)[index_]; }
    iterator& operator++() noexcept { ++index_; return *this; }
    iterator operator++(int) noexcept { iterator old = *this; ++index_; return old; }
    bool operator==(const iterator& other) const noexcept { return index_ == other.index_; }

   private:
    friend class grok_record;
    iterator(const grok_record* record, std::size_t index) : record_(record), index_(index) {}
    const grok_record* record_ = nullptr;
    std::size_t index_ = 0;
  };

  /// The whole line.
  std::string_view line() const noexcept { return line_; }
  /// The index of the first pattern that matched.
  std::size_t pattern() const noexcept { return pattern_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  /// Field `i` (0 <= i < size()).
  grok_field operator[](std::size_t i) const noexcept {
    const slot& s = slots_[i];
    const detail::grok_capture& c = program_->captures[s.capture];
    grok_field f{c.field, line_.substr(s.offset, s.size), c.type};
    if (c.type == grok_type::integer) f.integer = detail::grok_integer(f.text).value_or(0);  // checked when matched
    if (c.type == grok_type::floating) f.floating = detail::grok_floating(f.text).value_or(0);
    return f;
  }
  iterator begin() const noexcept { return {this, 0}; }
  iterator end() const noexcept { return {this, size_}; }

  /// The first field called `name`, in either form ("source.ip" or "[source][ip]").
  std::optional<grok_field> find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < size_; ++i)
      if (detail::field_name_matches(program_->captures[slots_[i].capture].field, name)) return (*this)[i];
    return std::nullopt;
  }
  /// The text of field `name`, or nothing when the line did not set it.
  std::optional<std::string_view> get(std::string_view name) const noexcept {
    if (auto f = find(name)) return f->text;
    return std::nullopt;
  }
  /// Field `name` as an integer: its value when typed :int, else its text when that is an integer.
  std::optional<std::int64_t> integer(std::string_view name) const noexcept {
    if (auto f = find(name)) return f->type == grok_type::integer ? f->integer : detail::grok_integer(f->text);
    return std::nullopt;
  }
  /// Field `name` as a number: its value when typed, else its text when that is a finite number.
  std::optional<double> number(std::string_view name) const noexcept {
    const auto f = find(name);
    if (!f) return std::nullopt;
    if (f->type == grok_type::integer) return double(f->integer);
    if (f->type == grok_type::floating) return f->floating;
    return detail::grok_floating(f->text);
  }

 private:
  friend class grok;

  // Appends the captures of a match of `c` (`rc` from pcre2_match); when a typed capture is not
  // a number, the pattern counts as not matching: its fields are taken back and the reason returned.
  std::optional<failure> add_fields(const detail::grok_compiled& c, pcre2_match_data_8* data, std::uint32_t rc) {
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer_8(data);
    const std::size_t before = size_;
    for (const auto& [group, capture] : c.groups) {
      if (group >= rc) break;  // groups past the last set one are unset
      const PCRE2_SIZE start = ovector[2 * group], end = ovector[2 * group + 1];
      if (start == PCRE2_UNSET || (start == end && !program_->options.keep_empty_captures)) continue;
      const detail::grok_capture& cap = program_->captures[capture];
      const std::string_view text = line_.substr(start, end - start);
      if (cap.type == grok_type::integer ? !detail::grok_integer(text) : cap.type == grok_type::floating && !detail::grok_floating(text)) {
        size_ = before;
        return fail(errc::bad_number, "field " + cap.field + ": \"" + std::string(text.substr(0, 40)) + "\" is not " +
                                          (cap.type == grok_type::integer ? "a 64-bit integer" : "a finite number"),
                    start + 1);
      }
      slots_[size_++] = {std::uint32_t(start), std::uint32_t(end - start), capture};
    }
    return std::nullopt;
  }

  struct slot {
    std::uint32_t offset;
    std::uint32_t size;
    std::uint16_t capture;  // index in program_->captures
  };

  std::string_view line_;
  const detail::grok_program* program_ = nullptr;
  std::size_t pattern_ = 0;
  std::size_t size_ = 0;
  std::array<slot, max_grok_fields> slots_;
};

/// One or more grok patterns compiled to PCRE2 (with JIT): the parser of lines into grok_records.
///
///     auto g = aiops::logs::grok::compile("%{COMBINEDAPACHELOG}").value();
///     auto r = g.parse(line);
///     if (r) std::cout << r->get("source.address").value_or("") << " " << r->integer("http.response.status_code").value_or(0);
///     else report(r.error().message);
///
/// A pattern is a regex in which %{SYNTAX} is the library pattern SYNTAX, %{SYNTAX:field} also
/// captures it as `field` ("[source][ip]" or "source.ip"), and %{SYNTAX:field:int} or
/// %{SYNTAX:field:float} converts it. Raw named groups "(?<name>...)" are fields too (names
/// "_g<digits>" are reserved). Several patterns are tried in order, the first match wins.
/// Matching does not allocate; a record's texts are views into the line.
///
/// Thread safety: a grok is immutable; parse() may run on many threads at once. Each thread
/// matches with its own PCRE2 match data and JIT stack (thread_local, created on the thread's
/// first parse and kept until it exits). Copies of a grok share the compiled patterns.
class grok {
 public:
  /// Compiles one pattern. Fails (errc::syntax, 1-based column in the pattern) on a bad
  /// reference, an unknown pattern name, a cycle of patterns, or a regex PCRE2 rejects (its
  /// message; for an error inside a library pattern, which pattern and where); errc::too_long
  /// when the regex expands beyond 256 KiB or has more than max_grok_fields fields.
  static result<grok> compile(std::string_view pattern, const grok_library& library = grok_library::standard(),
                              grok_options options = {}) {
    return compile_all(std::span<const std::string_view>(&pattern, 1), library, options);
  }
  /// Compiles patterns tried in order (Logstash's `match => { "message" => [...] }`); a failure
  /// message starts with "pattern N: " and its column is in that pattern.
  static result<grok> compile(std::initializer_list<std::string_view> patterns,
                              const grok_library& library = grok_library::standard(), grok_options options = {}) {
    return compile_all(std::span<const std::string_view>(patterns.begin(), patterns.size()), library, options);
  }
  static result<grok> compile(std::span<const std::string> patterns, const grok_library& library = grok_library::standard(),
                              grok_options options = {}) {
    const std::vector<std::string_view> views(patterns.begin(), patterns.end());
    return compile_all(views, library, options);
  }

  /// The number of patterns.
  std::size_t size() const noexcept { return program_->patterns.size(); }
  /// Pattern `i` as written.
  std::string_view pattern(std::size_t i) const { return program_->patterns.at(i).pattern; }
  /// Pattern `i` expanded into the regex PCRE2 compiled (captures are "(?<_g0>...)").
  std::string_view regex(std::size_t i) const { return program_->patterns.at(i).regex; }
  /// True when PCRE2 compiled pattern `i` to machine code (false on platforms without JIT).
  bool jit(std::size_t i) const { return program_->patterns.at(i).jit; }
  const grok_options& options() const noexcept { return program_->options; }
  /// Every field name the patterns can give, dotted, each once, in pattern order.
  std::vector<std::string_view> fields() const {
    std::vector<std::string_view> out;
    for (const detail::grok_capture& c : program_->captures)
      if (std::find(out.begin(), out.end(), c.field) == out.end()) out.push_back(c.field);
    return out;
  }

  result<grok_record> operator()(std::string_view line) const& { return parse(line); }
  // A record refers to its grok's patterns: parsing with a temporary grok would leave it dangling.
  result<grok_record> operator()(std::string_view line) const&& = delete;
  result<grok_record> parse(std::string_view line) const&& = delete;

  /// Matches one line. A pattern whose typed capture is not a number (":int" on "12.5" or "abc")
  /// counts as not matching, so the next pattern is tried. Fails with errc::bad_number (column of
  /// the value) when that is why nothing matched, errc::syntax (column 1) when no pattern matches,
  /// errc::too_long when PCRE2 gives up on the line (match limit) or the line exceeds 4 GiB.
  result<grok_record> parse(std::string_view line) const& {
    const detail::grok_program& p = *program_;
    if (line.size() > std::numeric_limits<std::uint32_t>::max()) return fail(errc::too_long, "grok lines are limited to 4 GiB", 1);
    detail::grok_scratch& scratch = detail::grok_scratch_for(p.ovector_pairs);
    grok_record r;
    r.line_ = line;
    r.program_ = &p;
    bool matched = false;
    std::optional<failure> bad_number;  // the first typed capture that was not a number
    for (std::size_t i = 0; i < p.patterns.size(); ++i) {
      const detail::grok_compiled& c = p.patterns[i];
      const auto subject = reinterpret_cast<PCRE2_SPTR8>(line.data());
      const int rc = c.jit ? pcre2_jit_match_8(c.code.get(), subject, line.size(), 0, 0, scratch.data.get(), scratch.context.get())
                           : pcre2_match_8(c.code.get(), subject, line.size(), 0, 0, scratch.data.get(), scratch.context.get());
      if (rc == PCRE2_ERROR_NOMATCH) continue;
      if (rc < 0)
        return fail(errc::too_long, "pattern " + std::to_string(i + 1) + " gave up on this line: " + detail::pcre2_message(rc), 1);
      if (auto why = r.add_fields(c, scratch.data.get(), std::uint32_t(rc))) {
        if (!bad_number) bad_number = std::move(why);
        continue;
      }
      if (!matched) r.pattern_ = i;
      matched = true;
      if (p.options.break_on_match) break;
    }
    if (!matched) return bad_number ? std::move(*bad_number) : fail(errc::syntax, p.no_match, 1);
    return r;
  }

 private:
  explicit grok(std::shared_ptr<const detail::grok_program> program) : program_(std::move(program)) {}

  static result<grok> compile_all(std::span<const std::string_view> patterns, const grok_library& library, grok_options options) {
    if (patterns.empty()) throw std::invalid_argument("grok::compile: no pattern");
    auto program = std::make_shared<detail::grok_program>();
    program->options = options;
    std::size_t most_fields = 0;
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (auto why = add_pattern(*program, patterns[i], library)) {
        if (patterns.size() > 1) why->message = "pattern " + std::to_string(i + 1) + ": " + why->message;
        return *why;
      }
      const std::size_t fields = program->patterns.back().groups.size();
      most_fields = options.break_on_match ? std::max(most_fields, fields) : most_fields + fields;
      if (most_fields > max_grok_fields) {
        const std::string which = patterns.size() > 1 ? "pattern " + std::to_string(i + 1) + ": " : "";
        return fail(errc::too_long, which + "more than " + std::to_string(max_grok_fields) + " fields" +
                                        (options.break_on_match ? "" : " in all patterns (break_on_match is off)"),
                    1);
      }
    }
    constexpr std::size_t shown = 60;
    program->no_match = patterns.size() > 1 ? "no match for any of the " + std::to_string(patterns.size()) + " patterns"
                                            : "no match for " + std::string(patterns[0].substr(0, shown)) + (patterns[0].size() > shown ? "..." : "");
    return grok(std::move(program));
  }

  // Expands and compiles `text` into a new pattern of `program`.
  static std::optional<failure> add_pattern(detail::grok_program& program, std::string_view text, const grok_library& library) {
    detail::grok_expander<grok_library> expander(library);
    auto expansion = expander.expand(text);
    if (!expansion) return expansion.error();
    const detail::grok_expansion& e = *expansion;

    std::uint32_t flags = 0;
    if (program.options.anchor != grok_anchor::none) flags |= PCRE2_ANCHORED;
    if (program.options.anchor == grok_anchor::full) flags |= PCRE2_ENDANCHORED;
    int code = 0;
    PCRE2_SIZE offset = 0;
    detail::pcre2_ptr<pcre2_code_8> compiled(
        pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(e.regex.data()), e.regex.size(), flags, &code, &offset, nullptr));
    if (!compiled) return regex_failure(library, e, text, code, offset);

    detail::grok_compiled c;
    c.pattern = std::string(text);
    c.regex = e.regex;
    c.jit = pcre2_jit_compile_8(compiled.get(), PCRE2_JIT_COMPLETE) == 0;
    std::uint32_t groups = 0, names = 0, entry_size = 0;
    PCRE2_SPTR8 table = nullptr;
    pcre2_pattern_info_8(compiled.get(), PCRE2_INFO_CAPTURECOUNT, &groups);
    pcre2_pattern_info_8(compiled.get(), PCRE2_INFO_NAMECOUNT, &names);
    pcre2_pattern_info_8(compiled.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info_8(compiled.get(), PCRE2_INFO_NAMETABLE, &table);
    // Each entry: the group number (2 bytes, big-endian), then its name and a NUL.
    for (std::uint32_t k = 0; k < names; ++k, table += entry_size) {
      const std::uint32_t group = (std::uint32_t(table[0]) << 8) | table[1];
      const std::string_view name(reinterpret_cast<const char*>(table + 2));
      const std::size_t generated = detail::grok_generated_index(name);
      if (program.captures.size() >= std::numeric_limits<std::uint16_t>::max())
        return fail(errc::too_long, "too many fields", 1);
      if (generated < e.captures.size())
        program.captures.push_back(e.captures[generated]);
      else
        program.captures.push_back({std::string(name), grok_type::string});
      c.groups.emplace_back(group, std::uint16_t(program.captures.size() - 1));
    }
    std::sort(c.groups.begin(), c.groups.end());
    c.code = std::move(compiled);
    program.ovector_pairs = std::max(program.ovector_pairs, groups + 1);
    program.patterns.push_back(std::move(c));
    return std::nullopt;
  }

  // PCRE2's compile error placed in the grok pattern: its column there, and for an error inside
  // a library pattern, which one and where. PCRE2 places some errors (a missing ']' or ')') at
  // the end of the regex, past the library pattern at fault: then the innermost library pattern
  // that fails on its own is named, with its own error.
  static failure regex_failure(const grok_library& library, const detail::grok_expansion& e, std::string_view text, int code,
                               PCRE2_SIZE offset) {
    std::size_t column = text.size() + 1;  // the end of the pattern
    std::string where;
    const detail::grok_source_span* span = detail::grok_span_at(e, offset);
    if (span && span->raw && span->definition.empty() && offset < e.regex.size()) {
      column = span->column + (offset - span->out);
    } else if (auto culprit = broken_definition(library, e)) {
      code = culprit->code;
      where = culprit->where;
      column = culprit->column;
    } else if (span && span->raw && offset < e.regex.size()) {
      where = detail::grok_where(span->definition, span->offset + (offset - span->out));
      column = span->column;
    }
    return fail(errc::syntax, "bad regex: " + detail::pcre2_message(code) + (where.empty() ? "" : " " + where) + " (PCRE2 error " +
                                  std::to_string(code) + " at offset " + std::to_string(offset) + " of the expanded regex)",
                column);
  }

  struct broken {
    int code;
    std::string where;
    std::size_t column;  // of the reference, in the pattern, that leads to it
  };

  // The library pattern of `e` with the shortest expansion that PCRE2 rejects on its own.
  static std::optional<broken> broken_definition(const grok_library& library, const detail::grok_expansion& e) {
    std::optional<broken> best;
    std::size_t best_size = 0;
    std::vector<std::string_view> tried;
    for (const detail::grok_source_span& s : e.spans) {
      if (s.definition.empty() || std::find(tried.begin(), tried.end(), s.definition) != tried.end()) continue;
      tried.push_back(s.definition);
      detail::grok_expander<grok_library> expander(library);
      const auto alone = expander.expand("%{" + std::string(s.definition) + "}");
      if (!alone || (best && alone->regex.size() >= best_size)) continue;
      int code = 0;
      PCRE2_SIZE offset = 0;
      detail::pcre2_ptr<pcre2_code_8> compiled(
          pcre2_compile_8(reinterpret_cast<PCRE2_SPTR8>(alone->regex.data()), alone->regex.size(), 0, &code, &offset, nullptr));
      if (compiled) continue;
      const detail::grok_source_span* at = detail::grok_span_at(*alone, offset);
      const bool placed = at && at->raw && !at->definition.empty() && offset < alone->regex.size();
      best = broken{code,
                    placed ? detail::grok_where(at->definition, at->offset + (offset - at->out))
                           : detail::grok_where(s.definition, std::string_view::npos),
                    s.column};
      best_size = alone->regex.size();
    }
    return best;
  }

  std::shared_ptr<const detail::grok_program> program_;
};

}  // namespace logs
AIOPS_END_NAMESPACE
