// aiops: a DFA for the regular part of PCRE that masks are written in, matching as PCRE2 does
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::count, std::find, std::min
#include <array>        // std::array
#include <bitset>       // std::bitset
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::uint8_t
#include <cstring>      // std::memchr
#include <map>          // std::map
#include <memory>       // std::unique_ptr
#include <optional>     // std::optional
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/nlp/detail/byte_ranges.hpp"
#include "aiops/core/strings.hpp"  // is_digit, is_word, is_space, is_alnum, is_hex, hex_value

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

// Why a DFA: a PCRE2 JIT call costs 35-110 ns whatever it finds, and masks call it for every match
// and once more per line (bench/README.md, nlp). Masks are written in a regular subset (classes,
// groups, alternation, greedy and lazy repeats, ^ $ \b, one-byte lookarounds such as Drain3's
// (?<=[^A-Za-z0-9])), which a DFA runs at a table lookup per byte. Leftmost-first (Perl) semantics
// come from keeping each state's threads in priority order and dropping those below a thread that
// has matched, as RE2 does. A pattern outside the subset, or whose DFA would be large, gets no DFA
// and stays with PCRE2.

using byte_set = std::bitset<256>;

// A zero-width test of the bytes around a position: `behind` tests the byte before (absent at the
// start of the text), `ahead` the byte at the position (absent at the end), `boundary` and
// `inside` whether a word character (\w) is on one side only (\b) or on neither or both (\B).
struct regex_look {
  enum class side { behind, ahead, boundary, inside } where = side::behind;
  byte_set bytes;          // behind, ahead: the bytes that pass
  bool at_edge = false;    // behind, ahead: whether a missing byte passes
};

struct regex_node {
  enum class kind { bytes, sequence, either, repeat, look } what;
  explicit regex_node(kind k) : what(k) {}
  byte_set bytes;                 // bytes: one byte of these
  std::vector<regex_node> parts;  // sequence, either: in order of priority; repeat: the repeated part
  int min = 0, max = 0;           // repeat: max < 0 for no limit
  bool greedy = true;
  regex_look look;
};

inline byte_set byte_range(unsigned from, unsigned to) {
  byte_set s;
  for (unsigned c = from; c <= to; ++c) s.set(c);
  return s;
}

// PCRE2's default character tables (no locale, no UCP) are core's byte classes: \d, \w, \s.
template <class Test>
byte_set bytes_where(Test test) {
  byte_set s;
  for (unsigned c = 0; c < 256; ++c) s[c] = test(static_cast<char>(c));
  return s;
}
inline byte_set digit_bytes() { return bytes_where(is_digit); }
inline byte_set word_bytes() { return bytes_where(is_word); }
inline byte_set space_bytes() { return bytes_where(is_space); }

// Parses the subset; nullopt for anything else (PCRE2 then matches it). Only called on patterns
// PCRE2 compiled, so errors need no message.
class regex_subset_parser {
 public:
  struct parsed {
    regex_node root;
    bool has_dollar = false;
  };

  static std::optional<parsed> parse(std::string_view pattern) {
    regex_subset_parser p(pattern);
    auto n = p.either();
    if (!n || p.pos_ != pattern.size()) return std::nullopt;
    return parsed{std::move(*n), p.has_dollar_};
  }

 private:
  explicit regex_subset_parser(std::string_view p) : p_(p) {}

  bool at_end() const { return pos_ >= p_.size(); }
  char peek() const { return p_[pos_]; }
  bool eat(char c) {
    if (at_end() || peek() != c) return false;
    ++pos_;
    return true;
  }

  std::optional<regex_node> either() {
    regex_node alt(regex_node::kind::either);
    do {
      auto s = sequence();
      if (!s) return std::nullopt;
      alt.parts.push_back(std::move(*s));
    } while (eat('|'));
    if (alt.parts.size() == 1) return std::move(alt.parts.front());
    return alt;
  }

  std::optional<regex_node> sequence() {
    regex_node seq(regex_node::kind::sequence);
    while (!at_end() && peek() != '|' && peek() != ')') {
      auto a = atom();
      if (!a) return std::nullopt;
      if (!quantified(*a)) return std::nullopt;
      seq.parts.push_back(std::move(*a));
    }
    if (seq.parts.size() == 1) return std::move(seq.parts.front());
    return seq;
  }

  // Applies a quantifier after `a`, if there is one.
  bool quantified(regex_node& a) {
    if (at_end()) return true;
    int min = 0, max = 0;
    switch (peek()) {
      case '*': min = 0, max = -1, ++pos_; break;
      case '+': min = 1, max = -1, ++pos_; break;
      case '?': min = 0, max = 1, ++pos_; break;
      case '{':
        if (!counted(min, max)) return false;  // PCRE2 reads a '{' that is not a count as a byte: not here
        break;
      default: return true;
    }
    if (a.what == regex_node::kind::look) return false;
    bool greedy = true;
    if (eat('?')) greedy = false;
    if (!at_end() && (peek() == '+' || peek() == '*' || peek() == '?' || peek() == '{')) return false;  // possessive
    if ((max < 0 || max > 1) && nullable(a)) return false;  // PCRE2 stops an empty iteration; a DFA does not
    regex_node r(regex_node::kind::repeat);
    r.min = min, r.max = max, r.greedy = greedy;
    r.parts.push_back(std::move(a));
    a = std::move(r);
    return true;
  }

  bool counted(int& min, int& max) {
    std::size_t i = pos_ + 1;
    const auto number = [&](int& out) {
      const std::size_t from = i;
      out = 0;
      while (i < p_.size() && p_[i] >= '0' && p_[i] <= '9' && i - from < 4) out = out * 10 + (p_[i++] - '0');
      return i > from;
    };
    if (!number(min)) return false;
    max = min;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (i < p_.size() && p_[i] == '}') max = -1;
      else if (!number(max)) return false;
    }
    if (i >= p_.size() || p_[i] != '}' || (max >= 0 && max < min) || min > 100 || max > 100) return false;
    pos_ = i + 1;
    return true;
  }

  static bool nullable(const regex_node& n) {
    switch (n.what) {
      case regex_node::kind::bytes: return false;
      case regex_node::kind::look: return true;
      case regex_node::kind::repeat: return n.min == 0 || nullable(n.parts.front());
      case regex_node::kind::either:
        for (const auto& p : n.parts)
          if (nullable(p)) return true;
        return false;
      case regex_node::kind::sequence:
        for (const auto& p : n.parts)
          if (!nullable(p)) return false;
        return true;
    }
    return true;
  }

  static regex_node of_bytes(byte_set s) {
    regex_node n(regex_node::kind::bytes);
    n.bytes = s;
    return n;
  }
  static regex_node of_look(regex_look::side where, byte_set bytes, bool at_edge) {
    regex_node n(regex_node::kind::look);
    n.look = regex_look{where, bytes, at_edge};
    return n;
  }

  std::optional<regex_node> atom() {
    const char c = p_[pos_++];
    switch (c) {
      case '(': return group();
      case '[': {
        auto s = bracket();
        if (!s) return std::nullopt;
        return of_bytes(*s);
      }
      case '.': return of_bytes(~byte_range('\n', '\n'));
      case '^': return of_look(regex_look::side::behind, {}, true);
      // PCRE2's $ also holds before a newline that ends the text: regex_dfa::handles() sends such texts to PCRE2
      case '$': has_dollar_ = true; return of_look(regex_look::side::ahead, {}, true);
      case '\\': return escape();
      case '*': case '+': case '?': case '{': return std::nullopt;
      default: return of_bytes(byte_range(static_cast<unsigned char>(c), static_cast<unsigned char>(c)));
    }
  }

  std::optional<regex_node> group() {
    enum class what { group, behind, not_behind, ahead, not_ahead } w = what::group;
    if (eat('?')) {
      if (eat(':')) w = what::group;
      else if (eat('=')) w = what::ahead;
      else if (eat('!')) w = what::not_ahead;
      else if (p_.substr(pos_, 2) == "<=") w = what::behind, pos_ += 2;
      else if (p_.substr(pos_, 2) == "<!") w = what::not_behind, pos_ += 2;
      else if (eat('<') || eat('\'') || (eat('P') && eat('<'))) {  // a named group: the name matters not here
        while (!at_end() && is_word(peek())) ++pos_;
        if (!eat('>') && !eat('\'')) return std::nullopt;
      } else {
        return std::nullopt;  // options, atomic groups, conditions, recursion, comments
      }
    } else if (!at_end() && peek() == '*') {
      return std::nullopt;  // (*VERB)
    }
    auto inner = either();
    if (!inner || !eat(')')) return std::nullopt;
    if (w == what::group) return inner;
    // A lookaround of one byte (or an alternation of single bytes): anything longer goes to PCRE2.
    byte_set s;
    if (inner->what == regex_node::kind::bytes) {
      s = inner->bytes;
    } else if (inner->what == regex_node::kind::either) {
      for (const auto& p : inner->parts) {
        if (p.what != regex_node::kind::bytes) return std::nullopt;
        s |= p.bytes;
      }
    } else {
      return std::nullopt;
    }
    switch (w) {
      case what::behind: return of_look(regex_look::side::behind, s, false);
      case what::not_behind: return of_look(regex_look::side::behind, ~s, true);
      case what::ahead: return of_look(regex_look::side::ahead, s, false);
      default: return of_look(regex_look::side::ahead, ~s, true);
    }
  }

  // A byte written with a backslash, shared by escapes inside and outside brackets.
  std::optional<unsigned char> escaped_byte(char c) {
    switch (c) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'f': return '\f';
      case 'e': return 0x1b;
      case 'a': return 0x07;
      case 'x': {
        unsigned v = 0, digits = 0;
        while (digits < 2 && !at_end() && is_hex(peek())) {
          v = v * 16 + static_cast<unsigned>(hex_value(peek()));
          ++pos_, ++digits;
        }
        if (digits == 0) return std::nullopt;  // \x{...} and a bare \x
        return static_cast<unsigned char>(v);
      }
      default:
        if (is_alnum(c)) return std::nullopt;  // \1, \Q, \p, \c ...
        return static_cast<unsigned char>(c);  // an escaped punctuation byte is itself
    }
  }

  static std::optional<byte_set> class_escape(char c) {
    switch (c) {
      case 'd': return digit_bytes();
      case 'D': return ~digit_bytes();
      case 'w': return word_bytes();
      case 'W': return ~word_bytes();
      case 's': return space_bytes();
      case 'S': return ~space_bytes();
      default: return std::nullopt;
    }
  }

  std::optional<regex_node> escape() {
    if (at_end()) return std::nullopt;
    const char c = p_[pos_++];
    if (auto s = class_escape(c)) return of_bytes(*s);
    if (c == 'b') return of_look(regex_look::side::boundary, {}, false);
    if (c == 'B') return of_look(regex_look::side::inside, {}, false);
    auto b = escaped_byte(c);
    if (!b) return std::nullopt;
    return of_bytes(byte_range(*b, *b));
  }

  // The bytes of a bracket expression, after its '['.
  std::optional<byte_set> bracket() {
    const bool negated = eat('^');
    byte_set s;
    bool first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      if (peek() == '[' && pos_ + 1 < p_.size() && (p_[pos_ + 1] == ':' || p_[pos_ + 1] == '.' || p_[pos_ + 1] == '='))
        return std::nullopt;  // POSIX classes
      std::optional<unsigned char> low;
      if (eat('\\')) {
        if (at_end()) return std::nullopt;
        const char c = p_[pos_++];
        if (auto set = class_escape(c)) {
          if (!at_end() && peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') return std::nullopt;
          s |= *set;
          continue;
        }
        low = c == 'b' ? std::optional<unsigned char>(0x08) : escaped_byte(c);
        if (!low) return std::nullopt;
      } else {
        low = static_cast<unsigned char>(p_[pos_++]);
      }
      if (!at_end() && peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        std::optional<unsigned char> high;
        if (eat('\\')) {
          if (at_end()) return std::nullopt;
          const char c = p_[pos_++];
          high = c == 'b' ? std::optional<unsigned char>(0x08) : (class_escape(c) ? std::nullopt : escaped_byte(c));
        } else {
          if (peek() == '[') return std::nullopt;
          high = static_cast<unsigned char>(p_[pos_++]);
        }
        if (!high || *high < *low) return std::nullopt;
        s |= byte_range(*low, *high);
      } else {
        s.set(*low);
      }
    }
    if (!eat(']')) return std::nullopt;
    return negated ? ~s : s;
  }

  std::string_view p_;
  std::size_t pos_ = 0;
  bool has_dollar_ = false;
};


// The program a pattern compiles to (Thompson's construction); a DFA state is an ordered set of
// its instructions, the threads alive at one byte, first the one PCRE2 would try first.
struct regex_program {
  struct instruction {
    enum class op : std::uint8_t { take, split, jump, look, match } what;
    int next = 0, alt = 0;  // split: next first, then alt
    int arg = 0;            // take: the byte set; look: the look
  };
  static constexpr std::size_t max_size = 4096;

  std::vector<instruction> code;
  std::vector<byte_set> sets;
  std::vector<regex_look> looks;

  /// False when the program would exceed max_size (counted repeats of repeats).
  bool emit(const regex_node& n) {
    if (code.size() > max_size) return false;
    const auto here = [&] { return static_cast<int>(code.size()); };
    switch (n.what) {
      case regex_node::kind::bytes:
        sets.push_back(n.bytes);
        code.push_back({instruction::op::take, here() + 1, 0, static_cast<int>(sets.size() - 1)});
        return true;
      case regex_node::kind::look:
        looks.push_back(n.look);
        code.push_back({instruction::op::look, here() + 1, 0, static_cast<int>(looks.size() - 1)});
        return true;
      case regex_node::kind::sequence:
        for (const auto& p : n.parts)
          if (!emit(p)) return false;
        return true;
      case regex_node::kind::either: {
        std::vector<int> to_end;
        for (std::size_t i = 0; i < n.parts.size(); ++i) {
          const int split = here();
          const bool last = i + 1 == n.parts.size();
          if (!last) code.push_back({instruction::op::split, split + 1, 0, 0});
          if (!emit(n.parts[i])) return false;
          if (last) break;
          to_end.push_back(here());
          code.push_back({instruction::op::jump, 0, 0, 0});
          code[split].alt = here();
        }
        for (int j : to_end) code[j].next = here();
        return true;
      }
      case regex_node::kind::repeat: {
        for (int i = 0; i < n.min; ++i)
          if (!emit(n.parts.front())) return false;
        std::vector<int> splits;
        for (int i = n.min; n.max < 0 ? i == n.min : i < n.max; ++i) {
          splits.push_back(here());
          code.push_back({instruction::op::split, 0, 0, 0});
          if (!emit(n.parts.front())) return false;
          if (n.max < 0) code.push_back({instruction::op::jump, splits.back(), 0, 0});
        }
        const int out = here();
        for (int s : splits) {
          code[s].next = n.greedy ? s + 1 : out;
          code[s].alt = n.greedy ? out : s + 1;
        }
        return code.size() <= max_size;
      }
    }
    return false;
  }
};

/// The DFA of a pattern in the subset: find() gives the leftmost match at or after a position,
/// and among the matches that start there the one PCRE2 finds.
class regex_dfa {
 public:
  /// Null when the pattern is outside the subset or its DFA would have more than `max_states`.
  static std::unique_ptr<const regex_dfa> build(std::string_view pattern, std::size_t max_states = 2048) {
    auto parsed = regex_subset_parser::parse(pattern);
    if (!parsed) return nullptr;
    regex_program program;
    if (!program.emit(parsed->root)) return nullptr;
    program.code.push_back({regex_program::instruction::op::match, 0, 0, 0});
    std::unique_ptr<regex_dfa> dfa(new regex_dfa());
    dfa->has_dollar_ = parsed->has_dollar;
    if (!builder(*dfa, program).run(max_states)) return nullptr;
    return dfa;
  }

  /// False for a text where PCRE2's $ could also hold before a final newline: PCRE2 then matches.
  bool handles(std::string_view text) const noexcept { return !has_dollar_ || text.empty() || text.back() != '\n'; }

  /// The leftmost match [first, second) that starts at or after `pos`. Each byte the DFA reads
  /// costs one of `budget`: nullopt with `budget` at 0 means it gave up (a pattern such as .*x
  /// reads the rest of the text from every start; PCRE2 knows better there).
  std::optional<std::pair<std::size_t, std::size_t>> find(std::string_view text, std::size_t pos,
                                                          std::size_t& budget) const noexcept {
    const std::size_t n = text.size();
    for (std::size_t i = pos; i < n; ++i) {
      if (!anywhere_ && (i = next_candidate(text, i)) >= n) break;
      if (const std::size_t end = match_from(text, i, budget); end != npos) return std::pair{i, end};
      if (budget == 0) return std::nullopt;
    }
    if (pos <= n && ends_[start_[n == 0 ? edge_ : context_of_[byte(text, n - 1)]] >> shift_])
      return std::pair{n, n};  // an empty match at the end
    return std::nullopt;
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  static constexpr std::uint32_t dead = 0;             // the row of the state without threads

  static unsigned byte(std::string_view t, std::size_t i) noexcept { return static_cast<unsigned char>(t[i]); }

  // The first i' >= i where a match can start: a byte that takes a start state somewhere, after a
  // byte (or the start of the text) whose start state is not dead.
  std::size_t next_candidate(std::string_view text, std::size_t i) const noexcept {
    const std::size_t n = text.size();
    if (only_first_) {  // memchr beats the range tests
      const void* at = std::memchr(text.data() + i, *only_first_, n - i);
      return at ? static_cast<std::size_t>(static_cast<const char*>(at) - text.data()) : n;
    }
    if (i == 0) {
      if (edge_ok_ && first_[byte(text, 0)]) return 0;
      i = 1;
    }
#if defined(__SSE2__)
    if (first_ranges_ && after_ranges_ && n >= 17) {
      // 16 candidates [k, k + 16) a step; the last step overlaps the one before, its bits below i cleared.
      const auto hits = [&](std::size_t k) {
        const unsigned first = first_ranges_->bits16(text.data() + k);
        return after_ranges_->all() ? first : first & after_ranges_->bits16(text.data() + k - 1);
      };
      for (; i + 16 <= n; i += 16)
        if (const unsigned bits = hits(i)) return i + static_cast<unsigned>(__builtin_ctz(bits));
      if (i < n) {
        const std::size_t k = n - 16;
        if (const unsigned bits = hits(k) >> (i - k)) return i + static_cast<unsigned>(__builtin_ctz(bits));
      }
      return n;
    }
#endif
    for (; i < n; ++i)
      if (first_[byte(text, i)] && after_[byte(text, i - 1)]) return i;
    return n;
  }

  // The end of the match that starts at i, or npos (also when the budget runs out).
  std::size_t match_from(std::string_view text, std::size_t i, std::size_t& budget) const noexcept {
    const std::size_t n = text.size();
    const std::string_view allowed = text.substr(0, budget < n - i ? i + budget : n);
    const std::uint32_t* const table = table_.data();
    const std::uint8_t* const ends_before = ends_before_.data();
    std::uint32_t row = start_[i == 0 ? edge_ : context_of_[byte(text, i - 1)]];
    std::size_t end = npos, j = i;
    unsigned stayed = 0;
    for (; j < allowed.size(); ++j) {
      const std::uint32_t at = row + class_of_[byte(text, j)];
      if (ends_before[at]) end = j;  // not in table_: a mask on the row would lengthen the chain of loads
      const std::uint32_t next = table[at];
      if (next == dead) {
        budget -= j + 1 - i;
        return end;
      }
      // A long run of bytes that keep the state (the digits of \d+): skipped 16 at a time.
      stayed = next == row ? stayed + 1 : 0;
      if (stayed == 4 && loops_[row >> shift_]) {
        const auto& loop = *loops_[row >> shift_];
        const std::size_t k = skip_loop(allowed, j + 1, loop.bytes);
        if (loop.ends && k > j + 1) end = k - 1;
        j = k - 1;
        stayed = 0;
      }
      row = next;
    }
    budget -= j - i;
    if (j < n) return npos;  // the budget ran out
    if (ends_[row >> shift_]) end = n;
    return end;
  }

  // The first k' >= k whose byte is not in `loop`.
  static std::size_t skip_loop(std::string_view text, std::size_t k, const byte_ranges& loop) noexcept {
#if defined(__SSE2__)
    for (; k + 16 <= text.size(); k += 16)
      if (const unsigned out = ~loop.bits16(text.data() + k) & 0xffffu) return k + static_cast<unsigned>(__builtin_ctz(out));
#endif
    while (k < text.size() && loop.has(byte(text, k))) ++k;
    return k;
  }

  // Subset construction over byte classes (bytes no set of the pattern tells apart) and contexts
  // (what the looks of the pattern see of the byte before a position: a class of that byte, or
  // the start of the text).
  class builder {
   public:
    builder(regex_dfa& dfa, const regex_program& program) : dfa_(dfa), program_(program) {}

    bool run(std::size_t max_states) {
      split_bytes();
      intern(0, {});  // row 0: dead
      for (std::size_t c = 0; c < context_byte_.size(); ++c) dfa_.start_.push_back(intern(c, {0}));
      for (std::size_t s = 0; s < states_.size(); ++s) {
        if (states_.size() > max_states) return false;
        const auto [context, threads] = states_[s];
        const std::optional<unsigned> before = context_byte_[context];
        for (std::size_t k = 0; k < class_byte_.size(); ++k) {
          bool match = false;
          std::vector<int> next;
          for (int pc : closure(threads, before, class_byte_[k])) {
            const auto& in = program_.code[pc];
            if (in.what == regex_program::instruction::op::match) {
              match = true;
              break;  // threads after a match have lower priority: PCRE2 would never reach them
            }
            if (program_.sets[in.arg][class_byte_[k]] && std::find(next.begin(), next.end(), in.next) == next.end())
              next.push_back(in.next);
          }
          const std::uint32_t row = intern(class_context_[k], std::move(next));
          dfa_.table_[(s << dfa_.shift_) + k] = row;
          dfa_.ends_before_[(s << dfa_.shift_) + k] = match;
        }
        for (int pc : closure(threads, before, std::nullopt))
          if (program_.code[pc].what == regex_program::instruction::op::match) dfa_.ends_[s] = true;
      }
      prefilter();
      find_loops();
      return true;
    }

   private:
    using state = std::pair<std::size_t, std::vector<int>>;  // context, threads in order of priority

    void split_bytes() {
      // Every set a byte is tested against: a class is the bytes with the same answers.
      std::vector<byte_set> tested = program_.sets, behind;
      bool words = false;
      for (const auto& l : program_.looks) {
        if (l.where == regex_look::side::behind) behind.push_back(l.bytes);
        if (l.where == regex_look::side::ahead) tested.push_back(l.bytes);
        if (l.where == regex_look::side::boundary || l.where == regex_look::side::inside) words = true;
      }
      if (words) behind.push_back(word_bytes());
      tested.insert(tested.end(), behind.begin(), behind.end());
      std::map<std::vector<bool>, std::size_t> classes, contexts;
      context_byte_.push_back(std::nullopt);  // context 0: the start of the text
      for (unsigned b = 0; b < 256; ++b) {
        std::vector<bool> answers, seen_behind;
        for (const auto& t : tested) answers.push_back(t[b]);
        for (const auto& t : behind) seen_behind.push_back(t[b]);
        const auto [c, new_class] = classes.try_emplace(answers, class_byte_.size());
        const auto [x, new_context] = contexts.try_emplace(seen_behind, context_byte_.size());
        if (new_context) context_byte_.push_back(b);
        if (new_class) {
          class_byte_.push_back(b);
          class_context_.push_back(x->second);
        }
        dfa_.class_of_[b] = static_cast<std::uint8_t>(c->second);
        dfa_.context_of_[b] = static_cast<std::uint8_t>(x->second);
      }
      dfa_.edge_ = 0;
      while ((1u << dfa_.shift_) < class_byte_.size()) ++dfa_.shift_;
    }

    std::uint32_t intern(std::size_t context, std::vector<int> threads) {
      if (threads.empty()) context = 0;  // one dead state, whatever came before
      auto [it, fresh] = index_.try_emplace(state{context, threads}, static_cast<std::uint32_t>(states_.size()));
      if (fresh) {
        states_.emplace_back(context, std::move(threads));
        dfa_.table_.resize(states_.size() << dfa_.shift_, dead);
        dfa_.ends_before_.resize(dfa_.table_.size());
        dfa_.ends_.push_back(false);
      }
      return it->second << dfa_.shift_;
    }

    bool holds(const regex_look& l, std::optional<unsigned> before, std::optional<unsigned> at) const {
      const auto word = [](std::optional<unsigned> b) { return b && is_word(static_cast<char>(*b)); };
      switch (l.where) {
        case regex_look::side::behind: return before ? l.bytes[*before] : l.at_edge;
        case regex_look::side::ahead: return at ? l.bytes[*at] : l.at_edge;
        case regex_look::side::boundary: return word(before) != word(at);
        case regex_look::side::inside: return word(before) == word(at);
      }
      return false;
    }

    // The take and match instructions the threads reach without a byte, depth first in order of
    // priority (the order in which PCRE2 backtracks), each once.
    std::vector<int> closure(const std::vector<int>& threads, std::optional<unsigned> before,
                             std::optional<unsigned> at) const {
      std::vector<int> out, stack;
      std::vector<bool> seen(program_.code.size());
      for (int t : threads) {
        stack.push_back(t);
        while (!stack.empty()) {
          const int pc = stack.back();
          stack.pop_back();
          if (seen[pc]) continue;
          seen[pc] = true;
          const auto& in = program_.code[pc];
          switch (in.what) {
            case regex_program::instruction::op::take:
            case regex_program::instruction::op::match: out.push_back(pc); break;
            case regex_program::instruction::op::jump: stack.push_back(in.next); break;
            case regex_program::instruction::op::split:
              stack.push_back(in.alt);
              stack.push_back(in.next);
              break;
            case regex_program::instruction::op::look:
              if (holds(program_.looks[in.arg], before, at)) stack.push_back(in.next);
              break;
          }
        }
      }
      return out;
    }

    // For each state, the bytes that keep it, all ending a match before them or none (the more
    // of the two), when four ranges hold them.
    void find_loops() {
      for (std::size_t s = 0; s < states_.size(); ++s) {
        std::array<std::array<bool, 256>, 2> stays{};  // [ends a match]
        std::array<unsigned, 2> count{};
        const std::uint32_t row = static_cast<std::uint32_t>(s << dfa_.shift_);
        for (unsigned b = 0; b < 256 && s != 0; ++b) {
          const std::uint32_t at = row + dfa_.class_of_[b];
          if (dfa_.table_[at] != row) continue;
          stays[dfa_.ends_before_[at]][b] = true;
          ++count[dfa_.ends_before_[at]];
        }
        const bool ends = count[1] > count[0];
        std::optional<byte_ranges> bytes = count[ends] ? byte_ranges::of(stays[ends]) : std::nullopt;
        dfa_.loops_.push_back(bytes ? std::optional<loop>(loop{*bytes, ends}) : std::nullopt);
      }
    }

    // Which bytes can start a match after which: find() tries no other position.
    void prefilter() {
      std::vector<bool> live(context_byte_.size());
      for (std::size_t c = 0; c < context_byte_.size(); ++c) {
        const std::uint32_t row = dfa_.start_[c];
        for (std::size_t k = 0; k < class_byte_.size(); ++k) {
          if (dfa_.ends_before_[row + k]) dfa_.anywhere_ = true;  // an empty match: every position is a candidate
          if (dfa_.table_[row + k] == dead) continue;
          live[c] = true;
          for (unsigned b = 0; b < 256; ++b)
            if (dfa_.class_of_[b] == k) dfa_.first_[b] = true;
        }
      }
      for (unsigned b = 0; b < 256; ++b) dfa_.after_[b] = live[dfa_.context_of_[b]];
      dfa_.edge_ok_ = live[0];
      dfa_.first_ranges_ = byte_ranges::of(dfa_.first_);
      if (std::count(dfa_.first_.begin(), dfa_.first_.end(), true) == 1 && dfa_.edge_ok_ &&
          std::count(dfa_.after_.begin(), dfa_.after_.end(), true) == 256)
        dfa_.only_first_ = static_cast<char>(std::find(dfa_.first_.begin(), dfa_.first_.end(), true) - dfa_.first_.begin());
      dfa_.after_ranges_ = byte_ranges::of(dfa_.after_);
    }

    regex_dfa& dfa_;
    const regex_program& program_;
    std::vector<unsigned> class_byte_;             // a byte of each class
    std::vector<std::size_t> class_context_;        // the context after a byte of each class
    std::vector<std::optional<unsigned>> context_byte_;  // a byte of each context (none: the start)
    std::vector<state> states_;
    std::map<state, std::uint32_t> index_;
  };

  regex_dfa() = default;

  std::array<std::uint8_t, 256> class_of_{};    // byte -> class
  std::array<std::uint8_t, 256> context_of_{};  // byte -> the context after it
  std::uint8_t edge_ = 0;                       // the context at the start of the text
  unsigned shift_ = 0;                          // row = state << shift_ (classes rounded up to a power of 2)
  std::vector<std::uint32_t> start_;            // context -> row of the start state
  std::vector<std::uint32_t> table_;            // row + class -> row of the next state
  std::vector<std::uint8_t> ends_before_;       // row + class -> a match ends before that byte
  std::vector<bool> ends_;                      // state -> a match ends at the end of the text
  struct loop {
    byte_ranges bytes;  // the bytes that keep a state
    bool ends;          // whether a match ends before each of them
  };
  std::vector<std::optional<loop>> loops_;  // state -> its loop (see find_loops)
  std::array<bool, 256> first_{}, after_{};       // bytes a match can start with, bytes it can follow
  std::optional<byte_ranges> first_ranges_, after_ranges_;  // the same, when four ranges hold them
  std::optional<char> only_first_;  // the one byte a match starts with, after any byte
  bool edge_ok_ = false, anywhere_ = false, has_dollar_ = false;
};

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
