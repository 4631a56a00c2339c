// aiops: the LogHub benchmark's files: *_structured.csv and *_templates.csv (read, write), parameter lists
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <fstream>      // std::ifstream
#include <istream>      // std::istream
#include <iterator>     // std::istreambuf_iterator
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/csv.hpp"
#include "aiops/core/error.hpp"
#include "aiops/nlp/detail/pattern.hpp"
#include "aiops/nlp/drain.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

/// A CSV file: its header row and its data rows.
struct csv_table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// The position of column `name` in the header.
  /// @throws aiops::parse_error when there is no such column.
  std::size_t column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    throw parse_error("CSV has no column '" + std::string(name) + "'", 1);
  }
};

/// Reads RFC 4180 CSV (core's csv_scanner): quoted fields may hold commas, doubled quotes and line
/// breaks; CRLF or LF; blank lines hold no row; the first row is the header.
/// @throws aiops::parse_error (with the line number) on text after a closing quote, an
///   unterminated quoted field, or a row whose field count differs from the header's.
inline csv_table read_csv(std::istream& in) {
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  csv_scanner scanner(text, ',');
  csv_scanner::record record;
  csv_table table;
  bool header = true;
  while (scanner.next(record)) {
    if (!record.error.empty()) throw parse_error(record.error, record.line);
    std::vector<std::string> row(record.fields.begin(), record.fields.end());
    if (header) {
      table.header = std::move(row);
      header = false;
    } else if (row.size() != table.header.size()) {
      throw parse_error("row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(table.header.size()),
                        record.line);
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

/// Messages with their true events, as a LogHub `*_structured.csv` gives them.
struct labelled_log {
  std::vector<std::string> contents;   ///< the Content column
  std::vector<std::string> event_ids;  ///< the EventId column
  std::vector<std::string> templates;  ///< the EventTemplate column
};

/// Reads the Content, EventId and EventTemplate columns of a LogHub structured CSV file.
/// @throws aiops::error when the file cannot be opened; aiops::parse_error when it is not such a file.
inline labelled_log read_structured_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error("cannot open " + path);
  const csv_table t = read_csv(in);
  const std::size_t content = t.column("Content"), id = t.column("EventId"), tmpl = t.column("EventTemplate");
  labelled_log out;
  for (const auto& row : t.rows) {
    out.contents.push_back(row[content]);
    out.event_ids.push_back(row[id]);
    out.templates.push_back(row[tmpl]);
  }
  return out;
}

/// The values a template's `<*>` stand for in `message`, matched as LogHub's parsers do (each
/// `<*>` is `(.*?)`, whitespace matches `\s+`, the whole message must match); empty when the
/// template does not match the message (e.g. when it was mined from a masked message whose
/// masks spanned a delimiter).
inline std::vector<std::string_view> template_parameters(std::string_view template_text, std::string_view message) {
  std::vector<std::string> literals(1);
  for (std::size_t i = 0; i < template_text.size();) {
    if (template_text.substr(i, wildcard.size()) == wildcard) {
      literals.emplace_back();
      i += wildcard.size();
    } else if (detail::is_space(template_text[i])) {
      if (literals.back().empty() || literals.back().back() != ' ') literals.back() += ' ';
      ++i;
    } else {
      literals.back() += template_text[i++];
    }
  }
  std::vector<std::string_view> out;
  while (!message.empty() && detail::is_space(message.back())) message.remove_suffix(1);
  while (!message.empty() && detail::is_space(message.front())) message.remove_prefix(1);
  if (!detail::pattern(std::move(literals)).match(message, out)) out.clear();
  return out;
}

/// Parameters as the ParameterList column writes them: a Python list literal, `['a', 'b']`.
inline std::string parameter_list(const std::vector<std::string_view>& parameters) {
  std::string out = "[";
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (i > 0) out += ", ";
    out += '\'';
    for (char c : parameters[i]) {
      if (c == '\\' || c == '\'') out += '\\';
      out += c;
    }
    out += '\'';
  }
  return out + "]";
}

}  // namespace nlp
AIOPS_END_NAMESPACE
