// aiops: the LogHub benchmark's files: *_structured.csv and *_templates.csv (read, write), parameter lists
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <fstream>      // std::ifstream
#include <istream>      // std::istream
#include <string>       // std::string, std::getline
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/config.hpp"
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

/// Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF.
/// @throws aiops::parse_error (with the line number) on a quote inside an unquoted field, text
///   after a closing quote, an unterminated quoted field, or a row whose field count differs
///   from the header's.
inline csv_table read_csv(std::istream& in) {
  csv_table table;
  std::string line;
  std::size_t line_number = 0;
  std::vector<std::string> row;
  std::string field;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;  // blank lines hold no row
    const std::size_t row_start = line_number;
    row.clear();
    field.clear();
    std::size_t i = 0;
    for (;;) {  // one field per iteration
      if (i < line.size() && line[i] == '"') {
        ++i;
        for (;;) {
          if (i == line.size()) {  // the quoted field goes on to the next line
            if (!std::getline(in, line)) throw parse_error("unterminated quoted field", row_start);
            ++line_number;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            field += '\n';
            i = 0;
            continue;
          }
          if (line[i] == '"') {
            if (i + 1 < line.size() && line[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field += line[i++];
        }
        if (i < line.size() && line[i] != ',')
          throw parse_error("text after a closing quote", line_number, i + 1);
      } else {
        const std::size_t end = std::min(line.find(',', i), line.size());
        const std::string_view text = std::string_view(line).substr(i, end - i);
        if (text.find('"') != std::string_view::npos)
          throw parse_error("a quote inside an unquoted field", line_number, i + text.find('"') + 1);
        field += text;
        i = end;
      }
      row.push_back(std::move(field));
      field.clear();
      if (i >= line.size()) break;
      ++i;  // the comma
      if (i == line.size()) {
        row.emplace_back();
        break;
      }
    }
    if (table.header.empty() && table.rows.empty() && row_start == 1) {
      table.header = std::move(row);
      continue;
    }
    if (row.size() != table.header.size())
      throw parse_error("row has " + std::to_string(row.size()) + " fields, the header " + std::to_string(table.header.size()),
                        row_start);
    table.rows.push_back(std::move(row));
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
