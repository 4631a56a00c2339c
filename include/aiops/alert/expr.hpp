// aiops: a PromQL subset for alert rules: parse once, evaluate on a series_store (standard library only)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min, std::max
#include <chrono>       // std::chrono::milliseconds
#include <cmath>        // std::fmod, std::abs, std::ceil, std::floor, NAN, INFINITY
#include <cstddef>      // std::size_t
#include <map>          // std::map
#include <memory>       // std::shared_ptr, std::make_shared
#include <regex>        // std::regex, std::regex_match
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/alert/series.hpp"
#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace alert {

/// One element of an instant vector: a label set and its value at the evaluation time.
struct element {
  label_set labels;
  double value = 0;
};

/// A label matcher of a selector: `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`.
struct matcher {
  enum class kind { equal, not_equal, regex, not_regex };
  std::string name;
  kind op = kind::equal;
  std::string value;
  std::regex pattern;  ///< anchored, for the regex kinds

  /// Whether a label value (empty when the label is missing) satisfies the matcher.
  bool matches(const std::string& v) const {
    switch (op) {
      case kind::equal: return v == value;
      case kind::not_equal: return v != value;
      case kind::regex: return std::regex_match(v, pattern);
      case kind::not_regex: return !std::regex_match(v, pattern);
    }
    return false;
  }
};

/// Whether every matcher holds for `set` (a missing label matches as the empty string).
inline bool matches_all(const std::vector<matcher>& matchers, const label_set& set) {
  for (const auto& m : matchers) {
    const auto it = set.find(m.name);
    if (!m.matches(it == set.end() ? std::string() : it->second)) return false;
  }
  return true;
}

namespace detail {

struct node;
using node_ptr = std::shared_ptr<const node>;

// A parsed expression. Only the fields of its kind are set.
struct node {
  enum class kind { number, selector, call, unary_minus, binary, aggregate };
  kind type = kind::number;
  double number = 0;
  std::vector<matcher> matchers;          // selector (incl. __name__)
  std::chrono::milliseconds range{0};     // selector: 0 = instant
  std::string op;                         // call: function; binary: operator; aggregate: sum/avg/...
  bool return_bool = false;               // binary comparison with `bool`
  bool without = false;                   // aggregate: `without` instead of `by`
  std::vector<std::string> grouping;      // aggregate labels
  std::vector<node_ptr> args;
};

inline bool is_ident_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
inline bool is_ident_char(char c) noexcept { return is_ident_start(c) || is_digit(c); }

inline bool is_range_function(std::string_view f) {
  return f == "rate" || f == "increase" || f == "avg_over_time" || f == "min_over_time" ||
         f == "max_over_time" || f == "sum_over_time" || f == "count_over_time" || f == "absent_over_time";
}
inline bool is_aggregation(std::string_view f) {
  return f == "sum" || f == "avg" || f == "min" || f == "max" || f == "count";
}
inline bool is_comparison(std::string_view op) {
  return op == "==" || op == "!=" || op == ">" || op == "<" || op == ">=" || op == "<=";
}

// Whether a node yields a scalar rather than a vector (known from its shape alone).
inline bool is_scalar(const node& n) {
  switch (n.type) {
    case node::kind::number: return true;
    case node::kind::unary_minus: return is_scalar(*n.args[0]);
    case node::kind::binary: return is_scalar(*n.args[0]) && is_scalar(*n.args[1]);
    case node::kind::call: return n.op != "absent" && !is_range_function(n.op) && is_scalar(*n.args[0]);
    default: return false;
  }
}

// Recursive descent over the text; failures carry the 1-based column.
class parser {
 public:
  explicit parser(std::string_view text) : s_(text) {}

  // A lone selector `{a="b", c=~"d.*"}` or `metric{...}`, for silences and routes.
  result<std::vector<matcher>> parse_matchers() {
    try {
      skip();
      node_ptr sel = (i_ < s_.size() && s_[i_] == '{') ? selector("") : selector(identifier());
      skip();
      if (i_ < s_.size() || sel->range.count() > 0) error("expected only label matchers");
      return sel->matchers;
    } catch (const failure& f) {
      return f;
    }
  }

  result<node_ptr> parse() {
    try {
      node_ptr root = comparison();
      skip();
      if (i_ < s_.size()) error("unexpected \"" + std::string(s_.substr(i_, 1)) + "\"");
      return root;
    } catch (const failure& f) {
      return f;
    }
  }

 private:
  [[noreturn]] void error(std::string what) const { throw fail(errc::syntax, std::move(what), i_ + 1); }

  void skip() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }
  bool eat(std::string_view token) {
    skip();
    if (s_.substr(i_, token.size()) != token) return false;
    i_ += token.size();
    return true;
  }
  void expect(std::string_view token) {
    if (!eat(token)) error("expected \"" + std::string(token) + "\"");
  }
  std::string identifier() {
    skip();
    const std::size_t start = i_;
    if (i_ >= s_.size() || !is_ident_start(s_[i_])) error("expected a name");
    while (i_ < s_.size() && is_ident_char(s_[i_])) ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  // The next identifier without consuming it ("" when none).
  std::string_view peek_identifier() {
    skip();
    std::size_t end = i_;
    if (end < s_.size() && is_ident_start(s_[end]))
      while (end < s_.size() && is_ident_char(s_[end])) ++end;
    return s_.substr(i_, end - i_);
  }

  node_ptr binary(std::string op, node_ptr lhs, node_ptr rhs, bool return_bool = false) {
    auto n = std::make_shared<node>();
    n->type = node::kind::binary;
    n->op = std::move(op);
    n->return_bool = return_bool;
    n->args = {std::move(lhs), std::move(rhs)};
    return n;
  }

  node_ptr comparison() {
    node_ptr lhs = additive();
    for (;;) {
      std::string op;
      for (const char* candidate : {"==", "!=", ">=", "<=", ">", "<"})
        if (op.empty() && eat(candidate)) op = candidate;
      if (op.empty()) return lhs;
      bool return_bool = false;
      if (peek_identifier() == "bool") identifier(), return_bool = true;
      lhs = binary(op, lhs, additive(), return_bool);
      if (lhs->args[0]->type == node::kind::number && lhs->args[1]->type == node::kind::number && !return_bool)
        error("comparisons between two numbers need the bool modifier");
    }
  }
  node_ptr additive() {
    node_ptr lhs = multiplicative();
    for (;;) {
      if (eat("+")) lhs = binary("+", lhs, multiplicative());
      else if (eat("-")) lhs = binary("-", lhs, multiplicative());
      else return lhs;
    }
  }
  node_ptr multiplicative() {
    node_ptr lhs = unary();
    for (;;) {
      if (eat("*")) lhs = binary("*", lhs, unary());
      else if (eat("/")) lhs = binary("/", lhs, unary());
      else if (eat("%")) lhs = binary("%", lhs, unary());
      else return lhs;
    }
  }
  node_ptr unary() {
    // Bounded nesting: hostile input like "((((..." must fail, not overflow the stack.
    if (++depth_ > 200) error("expression nested too deeply");
    struct leave {
      int& d;
      ~leave() { --d; }
    } guard{depth_};
    if (eat("-")) {
      auto n = std::make_shared<node>();
      n->type = node::kind::unary_minus;
      n->args = {unary()};
      return n;
    }
    eat("+");
    return primary();
  }

  node_ptr primary() {
    skip();
    if (i_ >= s_.size()) error("unexpected end of expression");
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      node_ptr inner = comparison();
      expect(")");
      return inner;
    }
    if (is_digit(c) || c == '.') return number();
    if (c == '{') return selector("");
    const std::string name = identifier();
    if (name == "Inf" || name == "inf" || name == "NaN" || name == "nan") {
      auto n = std::make_shared<node>();
      n->number = (name[0] == 'N' || name[0] == 'n') ? NAN : INFINITY;
      return n;
    }
    if (is_aggregation(name)) return aggregation(name);
    skip();
    if (i_ < s_.size() && s_[i_] == '(') return call(name);
    return selector(name);
  }

  node_ptr number() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (is_digit(s_[i_]) || s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' ||
                              ((s_[i_] == '+' || s_[i_] == '-') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E'))))
      ++i_;
    const auto v = parse_double(s_.substr(start, i_ - start));
    if (!v) {
      i_ = start;
      error("bad number");
    }
    auto n = std::make_shared<node>();
    n->number = *v;
    return n;
  }

  std::string quoted() {
    skip();
    if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) error("expected a quoted label value");
    const char quote = s_[i_++];
    std::string out;
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
        ++i_;
        const char e = s_[i_];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
      } else {
        out += s_[i_];
      }
      ++i_;
    }
    if (i_ >= s_.size()) error("unterminated string");
    ++i_;
    return out;
  }

  node_ptr selector(const std::string& metric) {
    auto n = std::make_shared<node>();
    n->type = node::kind::selector;
    if (!metric.empty()) n->matchers.push_back({"__name__", matcher::kind::equal, metric, {}});
    if (eat("{")) {
      while (!eat("}")) {
        matcher m;
        m.name = identifier();
        if (eat("=~")) m.op = matcher::kind::regex;
        else if (eat("!~")) m.op = matcher::kind::not_regex;
        else if (eat("!=")) m.op = matcher::kind::not_equal;
        else expect("=");
        const std::size_t value_column = i_;
        m.value = quoted();
        if (m.op == matcher::kind::regex || m.op == matcher::kind::not_regex) {
          try {
            m.pattern = std::regex(m.value, std::regex::ECMAScript);
          } catch (const std::regex_error&) {
            i_ = value_column;
            error("bad regular expression \"" + m.value + "\"");
          }
        }
        n->matchers.push_back(std::move(m));
        if (!eat(",")) {
          expect("}");
          break;
        }
      }
    }
    if (n->matchers.empty()) error("a selector needs a metric name or a matcher");
    if (eat("[")) {
      skip();
      const std::size_t start = i_;
      while (i_ < s_.size() && s_[i_] != ']') ++i_;
      const auto d = parse_duration(trim(s_.substr(start, i_ - start)));
      if (!d || d->count() <= 0) {
        i_ = start;
        error("bad range duration");
      }
      expect("]");
      n->range = *d;
    }
    return n;
  }

  node_ptr call(const std::string& name) {
    auto n = std::make_shared<node>();
    n->type = node::kind::call;
    n->op = name;
    const std::size_t column = i_;
    expect("(");
    n->args.push_back(comparison());
    expect(")");
    const node& arg = *n->args[0];
    const bool range_arg = arg.type == node::kind::selector && arg.range.count() > 0;
    if (is_range_function(name)) {
      if (!range_arg) i_ = column, error(name + "() needs a range selector like metric[5m]");
    } else if (name == "absent" || name == "abs" || name == "ceil" || name == "floor") {
      if (range_arg) i_ = column, error(name + "() takes an instant vector, not a range");
      if (name == "absent" && arg.type != node::kind::selector) i_ = column, error("absent() takes a selector");
    } else {
      i_ = column - name.size();
      error("unsupported function \"" + name + "\"");
    }
    return n;
  }

  void grouping(node& n) {
    const std::string_view word = peek_identifier();
    if (word != "by" && word != "without") return;
    n.without = identifier() == "without";
    expect("(");
    while (!eat(")")) {
      n.grouping.push_back(identifier());
      if (!eat(",")) {
        expect(")");
        break;
      }
    }
  }

  node_ptr aggregation(const std::string& name) {
    auto n = std::make_shared<node>();
    n->type = node::kind::aggregate;
    n->op = name;
    grouping(*n);
    expect("(");
    n->args.push_back(comparison());
    if (is_scalar(*n->args[0])) error(name + "() needs a vector, not a number");
    expect(")");
    if (n->grouping.empty() && !n->without) grouping(*n);
    return n;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

// The value of an expression at one time: a scalar or an instant vector.
struct value {
  bool scalar = false;
  double number = 0;
  std::vector<element> vector;
};

inline label_set without_name(label_set l) {
  l.erase("__name__");
  return l;
}

inline double arithmetic(const std::string& op, double a, double b) {
  if (op == "+") return a + b;
  if (op == "-") return a - b;
  if (op == "*") return a * b;
  if (op == "/") return a / b;
  if (op == "%") return std::fmod(a, b);
  if (op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == ">") return a > b;
  if (op == "<") return a < b;
  if (op == ">=") return a >= b;
  return a <= b;
}

// Counter increase over the samples, with resets (a drop) counted as restarts from zero.
inline double counter_increase(const std::vector<sample>& points) {
  double total = 0;
  for (std::size_t k = 1; k < points.size(); ++k) {
    const double d = points[k].value - points[k - 1].value;
    total += d >= 0 ? d : points[k].value;
  }
  return total;
}

class evaluator {
 public:
  evaluator(const series_store& store, timestamp_ns at, std::chrono::milliseconds lookback)
      : store_(store), at_(at), lookback_(std::chrono::duration_cast<std::chrono::nanoseconds>(lookback).count()) {}

  value eval(const node& n) const {
    switch (n.type) {
      case node::kind::number: return {true, n.number, {}};
      case node::kind::selector: return instant(n);
      case node::kind::unary_minus: {
        value v = eval(*n.args[0]);
        v.number = -v.number;
        for (auto& e : v.vector) e.value = -e.value, e.labels.erase("__name__");
        return v;
      }
      case node::kind::call: return call(n);
      case node::kind::binary: return binary(n);
      case node::kind::aggregate: return aggregate(n);
    }
    return {};
  }

 private:
  template <class F>
  void each_series(const node& sel, F&& f) const {
    for (const auto& [set, points] : store_.series())
      if (matches_all(sel.matchers, set)) f(set, points);
  }

  value instant(const node& sel) const {
    value out;
    each_series(sel, [&](const label_set& set, const std::vector<sample>& points) {
      const auto recent = series_store::window(points, at_ - lookback_, at_);
      if (!recent.empty()) out.vector.push_back({set, recent.back().value});
    });
    return out;
  }

  value call(const node& n) const {
    const node& arg = *n.args[0];
    value out;
    if (n.op == "absent" || n.op == "absent_over_time") {
      bool any = false;
      if (n.op == "absent") {
        any = !instant(arg).vector.empty();
      } else {
        const timestamp_ns range = std::chrono::duration_cast<std::chrono::nanoseconds>(arg.range).count();
        each_series(arg, [&](const label_set&, const std::vector<sample>& points) {
          any = any || !series_store::window(points, at_ - range, at_).empty();
        });
      }
      if (!any) {
        // Like Prometheus: the equality matchers of the selector become the labels of the result.
        label_set set;
        for (const auto& m : arg.matchers)
          if (m.op == matcher::kind::equal && m.name != "__name__") set[m.name] = m.value;
        out.vector.push_back({set, 1});
      }
      return out;
    }
    if (is_range_function(n.op)) {
      const timestamp_ns range = std::chrono::duration_cast<std::chrono::nanoseconds>(arg.range).count();
      each_series(arg, [&](const label_set& set, const std::vector<sample>& points) {
        const auto w = series_store::window(points, at_ - range, at_);
        if (w.empty()) return;
        double v = 0;
        if (n.op == "rate" || n.op == "increase") {
          if (w.size() < 2) return;
          // The rate over the samples' own span (Prometheus also extrapolates to the window's edges).
          const double seconds = double(w.back().time - w.front().time) / double(ns_per_second);
          v = counter_increase(w) / seconds;
          if (n.op == "increase") v *= double(range) / double(ns_per_second);
        } else if (n.op == "count_over_time") {
          v = double(w.size());
        } else {
          double sum = 0, lo = w[0].value, hi = w[0].value;
          for (const auto& p : w) sum += p.value, lo = std::min(lo, p.value), hi = std::max(hi, p.value);
          v = n.op == "sum_over_time" ? sum : n.op == "min_over_time" ? lo : n.op == "max_over_time" ? hi : sum / double(w.size());
        }
        out.vector.push_back({without_name(set), v});
      });
      return out;
    }
    out = eval(arg);
    const auto apply = [&n](double x) { return n.op == "abs" ? std::abs(x) : n.op == "ceil" ? std::ceil(x) : std::floor(x); };
    out.number = apply(out.number);
    for (auto& e : out.vector) e.value = apply(e.value), e.labels.erase("__name__");
    return out;
  }

  value binary(const node& n) const {
    const value a = eval(*n.args[0]);
    const value b = eval(*n.args[1]);
    const bool compare = is_comparison(n.op);
    if (a.scalar && b.scalar) return {true, arithmetic(n.op, a.number, b.number), {}};
    value out;
    // Arithmetic and `bool` comparisons make new values: the metric name no longer applies.
    const auto emit = [&](const label_set& set, double lhs, double rhs, double kept) {
      const double r = arithmetic(n.op, lhs, rhs);
      if (!compare) out.vector.push_back({without_name(set), r});
      else if (n.return_bool) out.vector.push_back({without_name(set), r});
      else if (r != 0) out.vector.push_back({set, kept});
    };
    if (a.scalar || b.scalar) {
      const value& v = a.scalar ? b : a;
      for (const auto& e : v.vector) {
        const double lhs = a.scalar ? a.number : e.value;
        const double rhs = a.scalar ? e.value : b.number;
        emit(e.labels, lhs, rhs, e.value);
      }
      return out;
    }
    // One-to-one matching on all labels but the metric name.
    std::map<label_set, double> right;
    for (const auto& e : b.vector) right.emplace(without_name(e.labels), e.value);
    for (const auto& e : a.vector) {
      const auto it = right.find(without_name(e.labels));
      if (it != right.end()) emit(e.labels, e.value, it->second, e.value);
    }
    return out;
  }

  value aggregate(const node& n) const {
    const value in = eval(*n.args[0]);  // a vector: the parser refuses numbers here
    struct acc {
      double sum = 0, lo = 0, hi = 0;
      std::size_t count = 0;
    };
    std::map<label_set, acc> groups;
    for (const auto& e : in.vector) {
      label_set key;
      if (n.without) {
        key = without_name(e.labels);
        for (const auto& g : n.grouping) key.erase(g);
      } else {
        for (const auto& g : n.grouping)
          if (const auto it = e.labels.find(g); it != e.labels.end()) key.insert(*it);
      }
      acc& a = groups[key];
      a.lo = a.count == 0 ? e.value : std::min(a.lo, e.value);
      a.hi = a.count == 0 ? e.value : std::max(a.hi, e.value);
      a.sum += e.value;
      ++a.count;
    }
    value out;
    for (const auto& [key, a] : groups) {
      const double v = n.op == "sum" ? a.sum : n.op == "avg" ? a.sum / double(a.count)
                     : n.op == "min" ? a.lo : n.op == "max" ? a.hi : double(a.count);
      out.vector.push_back({key, v});
    }
    return out;
  }

  const series_store& store_;
  timestamp_ns at_;
  timestamp_ns lookback_;
};

}  // namespace detail

/// Label matchers written as a selector: `{severity="critical", instance=~"web-.*"}` (or with a
/// metric name in front, which matches `__name__`); a failure has the column and reason.
inline result<std::vector<matcher>> parse_matchers(std::string_view text) {
  return detail::parser(text).parse_matchers();
}

/// A parsed alert expression: a subset of PromQL that covers threshold, rate and absence rules.
///
///     auto e = aiops::alert::expression::parse("rate(http_errors_total{job=\"api\"}[5m]) > 0.5");
///     for (const auto& el : e->evaluate(store, now)) ...;   // the series that breach now
///
/// Supported: numbers; selectors `metric{l="v", l!="v", l=~"re", l!~"re"}` with `[range]`;
/// `rate increase avg_over_time min_over_time max_over_time sum_over_time count_over_time
/// absent_over_time` (range), `absent abs ceil floor`; `sum avg min max count` with `by`/`without`;
/// `+ - * / %` and `== != > < >= <=` (filters, or 0/1 with `bool`) between scalars and vectors
/// (vector-vector matches one-to-one on labels other than `__name__`); parentheses.
/// `rate` divides the counter increase by the span of the samples in the window (Prometheus also
/// extrapolates to the window's edges, so its values differ slightly near series starts and ends).
class expression {
 public:
  /// Parses `text`; a failure has the 1-based column and the reason.
  static result<expression> parse(std::string_view text) {
    auto root = detail::parser(text).parse();
    if (!root) return root.error();
    return expression(std::string(trim(text)), *root);
  }

  /// The source text (what a Prometheus rule file gets).
  const std::string& text() const noexcept { return text_; }

  /// Whether the result is a number rather than series (`1 + 2`): not usable as an alert rule.
  bool returns_scalar() const { return detail::is_scalar(*root_); }

  /// The elements of the result at `at`: for an alert, one per breaching series. A scalar result
  /// becomes one element without labels. Instant selectors take a series' newest sample in
  /// `(at - lookback, at]`, as Prometheus does with its 5-minute lookback.
  std::vector<element> evaluate(const series_store& store, timestamp_ns at,
                                std::chrono::milliseconds lookback = std::chrono::minutes(5)) const {
    detail::value v = detail::evaluator(store, at, lookback).eval(*root_);
    if (v.scalar) return {element{{}, v.number}};
    return std::move(v.vector);
  }

 private:
  expression(std::string text, detail::node_ptr root) : text_(std::move(text)), root_(std::move(root)) {}
  std::string text_;
  detail::node_ptr root_;
};

}  // namespace alert
AIOPS_END_NAMESPACE
