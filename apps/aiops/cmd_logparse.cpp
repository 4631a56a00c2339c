// aiops: `aiops logparse FILE --format '<Date> <Time> <Level> <Component>: <Content>'`: log template mining
// into the LogHub benchmark's *_structured.csv and *_templates.csv (Drain or the refined parser)
// SPDX-License-Identifier: MIT
#include <algorithm>   // std::sort, std::min
#include <chrono>      // std::chrono::steady_clock
#include <cstdint>     // std::uint32_t
#include <cstdio>      // std::fprintf, std::fflush
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ifstream, std::ofstream
#include <iterator>    // std::istreambuf_iterator
#include <map>         // std::map
#include <memory>      // std::make_shared
#include <optional>    // std::optional
#include <string>      // std::string
#include <thread>      // std::thread::hardware_concurrency
#include <vector>      // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/logs/gzip.hpp>
#include <aiops/nlp.hpp>
#include <aiops/nlp/drain_json.hpp>
#include <aiops/nlp/regex_mask.hpp>

#include "command.hpp"

namespace cmd_logparse {

namespace fs = std::filesystem;
namespace nlp = aiops::nlp;

struct logparse_args {
  std::string file;
  std::string format;
  std::vector<std::string> masks;
  std::vector<std::string> no_masks;
  std::string parser = "refined";
  std::size_t depth = 4;
  double similarity = 0.4;
  std::size_t max_children = 100;
  std::string delimiters;
  std::string out;
  std::string state;
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::size_t max_line_bytes = std::size_t(1) << 20;
  bool stream = false;
  bool force = false;
  bool parser_given = false;  // --parser was on the command line
};

// Lines left out (they do not match the format, or are too long): counted, the first few
// reported with their numbers.
struct skipped_lines {
  std::string why;  // "do not match the format"
  std::size_t count = 0;
  std::vector<std::size_t> first;
  void add(std::size_t line) {
    ++count;
    if (first.size() < 5) first.push_back(line);
  }
  void report() const {
    if (count == 0) return;
    std::string where;
    for (std::size_t n : first) where += (where.empty() ? "" : ", ") + std::to_string(n);
    std::fprintf(stderr, "aiops logparse: %zu line(s) %s and were skipped (line %s%s)\n", count, why.c_str(), where.c_str(),
                 count > first.size() ? ", ..." : "");
  }
};

skipped_lines too_long_lines(const logparse_args& args) {
  return {"are longer than " + std::to_string(args.max_line_bytes) + " bytes (--max-line-bytes)"};
}

nlp::masker make_masker(const logparse_args& args) {
  nlp::masker mask = nlp::masker::standard();
  for (const std::string& name : args.no_masks) {
    if (name == "all") {
      for (nlp::mask_kind k : nlp::all_mask_kinds) mask.remove(k);
      continue;
    }
    const auto kind = nlp::mask_kind_from_string(name);
    if (!kind) throw CLI::ValidationError("--no-mask", "unknown mask '" + name + "' (url uuid datetime mac ipv6 ipv4 block_id path hex size duration number, or all)");
    mask.remove(*kind);
  }
  for (const std::string& pattern : args.masks) {
    auto r = nlp::regex_mask::compile(pattern);
    if (!r) throw CLI::ValidationError("--mask", r.error().message + " at column " + std::to_string(r.error().column) + " of '" + pattern + "'");
    mask.add(std::move(*r));
  }
  return mask;
}

// The CSV header of the structured file: LineId, the header fields, Content, EventId, EventTemplate, ParameterList.
std::string structured_header(const nlp::log_format& format) {
  std::string h = "LineId";
  for (std::size_t f = 0; f < format.fields().size(); ++f)
    if (f != format.content_index()) h += "," + format.fields()[f];
  return h + ",Content,EventId,EventTemplate,ParameterList\n";
}

std::string structured_row(std::size_t line_id, const nlp::log_format& format, const std::vector<std::string_view>& fields,
                           std::size_t event_id, const std::string& template_text) {
  std::string row = std::to_string(line_id);
  for (std::size_t f = 0; f < fields.size(); ++f) {
    if (f == format.content_index()) continue;
    row += ',';
    aiops::append_csv_field(row, fields[f]);
  }
  const std::string_view content = fields[format.content_index()];
  row += ',';
  aiops::append_csv_field(row, content);
  row += ",E" + std::to_string(event_id) + ",";
  aiops::append_csv_field(row, template_text);
  row += ',';
  aiops::append_csv_field(row, nlp::parameter_list(nlp::template_parameters(template_text, content)));
  return row + "\n";
}

std::ofstream open_output(const fs::path& path, bool force) {
  if (fs::exists(path) && !force) throw aiops::error(path.string() + " exists (use --force to overwrite it)");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw aiops::error("cannot write " + path.string());
  return out;
}

// Lines read from the file, their messages masked and split on the worker threads.
struct line_block {
  std::vector<std::string> lines;  // reused: lines[0, count)
  std::size_t count = 0;
  std::vector<char> too_long;  // per line: longer than --max-line-bytes (cut)
  std::vector<char> matched;   // per line: it matches the format (its message is in `masked`)
  nlp::masked_block masked;
  std::size_t first_line = 0;  // lines before this block
  std::string rows;            // the second pass's output
};

// Whole file (plain or gzip): mine every message, then write each line with its final template
// (two passes over the file, so memory holds one cluster id per line). Lines are masked on
// --threads threads ahead of the miner, which takes them in order: the output does not depend on
// it. A line longer than --max-line-bytes is skipped (memory stays bounded on any input).
void parse_file(const logparse_args& args, const nlp::log_format& format, const nlp::masker& mask, const nlp::parse_options& options) {
  const auto started = std::chrono::steady_clock::now();
  const aiops::logs::reader_options limits{args.max_line_bytes};
  aiops::logs::line_reader in = aiops::logs::open_log(args.file, limits);
  nlp::template_miner miner(options);
  const nlp::tokenizer& split = miner.splitter();
  std::vector<std::uint32_t> cluster_of;  // per line; 0 for a line that does not match
  skipped_lines bad{"do not match the format"};
  skipped_lines long_lines = too_long_lines(args);
  std::size_t number = 0, lines_read = 0;
  const auto read = [&](line_block& b) {
    constexpr std::size_t block_lines = 256;
    if (b.lines.size() < block_lines) b.lines.resize(block_lines);
    b.too_long.assign(block_lines, 0);
    for (b.count = 0; b.count < block_lines; ++b.count) {
      const auto l = in.next();
      if (!l) break;
      b.lines[b.count].assign(l->text);
      b.too_long[b.count] = l->too_long;
    }
    b.first_line = lines_read;
    lines_read += b.count;
    return b.count > 0;
  };
  const auto mask_lines = [&](line_block& b) {
    std::vector<std::string_view> parts;
    b.matched.assign(b.count, 0);
    b.masked.clear();
    for (std::size_t i = 0; i < b.count; ++i)
      if ((b.matched[i] = !b.too_long[i] && format.match(b.lines[i], parts))) b.masked.add(parts[format.content_index()], mask, split);
  };
  const auto mine = [&](const line_block& b) {
    for (std::size_t i = 0, message = 0; i < b.count; ++i) {
      ++number;
      if (!b.matched[i]) {
        (b.too_long[i] ? long_lines : bad).add(number);
        cluster_of.push_back(0);
        continue;
      }
      cluster_of.push_back(static_cast<std::uint32_t>(miner.add(b.masked.tokens(message++))));
    }
  };
  std::vector<line_block> blocks(2 * args.threads);
  aiops::ordered_pipeline<line_block>(blocks, args.threads, read, mask_lines, mine);

  // EventId of a cluster: its group's id (the oldest cluster of the group; for Drain its own).
  const std::size_t clusters = miner.clusters();
  const std::vector<nlp::template_group> groups = miner.groups();
  std::vector<std::size_t> event(clusters + 1);
  std::vector<std::string> template_of(clusters + 1);
  for (std::size_t c = 1; c <= clusters; ++c) {
    const nlp::template_group& g = groups[miner.group_of(c)];
    event[c] = g.id;
    template_of[c] = g.template_text;
  }
  // Clusters whose templates read the same are one event, as in LogHub's files (an id per
  // template text): Drain can end with several identical templates, started before their words
  // turned into <*>.
  std::map<std::string_view, std::size_t> event_of_template;
  for (std::size_t c = 1; c <= clusters; ++c) {
    const auto [it, added] = event_of_template.try_emplace(template_of[c], event[c]);
    if (!added) it->second = std::min(it->second, event[c]);
  }
  for (std::size_t c = 1; c <= clusters; ++c) event[c] = event_of_template[template_of[c]];
  std::vector<std::string> templates_by_event(clusters + 1);
  std::vector<std::size_t> count_by_event(clusters + 1, 0);
  for (std::uint32_t c : cluster_of)
    if (c > 0) {
      ++count_by_event[event[c]];
      templates_by_event[event[c]] = template_of[c];
    }

  const fs::path input(args.file);
  const fs::path dir = args.out.empty() ? input.parent_path() : fs::path(args.out);
  if (!args.out.empty()) {
    if (fs::exists(dir) && !fs::is_directory(dir)) throw aiops::error("--out " + args.out + " is not a directory");
    fs::create_directories(dir);
  }
  const fs::path structured_path = dir / (input.filename().string() + "_structured.csv");
  const fs::path templates_path = dir / (input.filename().string() + "_templates.csv");
  std::ofstream structured = open_output(structured_path, args.force);
  std::ofstream templates = open_output(templates_path, args.force);
  structured << structured_header(format);
  in = aiops::logs::open_log(args.file, limits);
  lines_read = 0;
  // The rows are made on the threads too, and written in order. Lines appended since the first
  // pass have no cluster: they are left out.
  const auto make_rows = [&](line_block& b) {
    std::vector<std::string_view> parts;
    b.rows.clear();
    for (std::size_t i = 0; i < b.count; ++i) {
      const std::size_t line_number = b.first_line + i + 1;
      const std::uint32_t c = line_number <= cluster_of.size() ? cluster_of[line_number - 1] : 0;
      if (c > 0 && format.match(b.lines[i], parts)) b.rows += structured_row(line_number, format, parts, event[c], template_of[c]);
    }
  };
  aiops::ordered_pipeline<line_block>(blocks, args.threads, read, make_rows, [&](const line_block& b) { structured << b.rows; });
  templates << "EventId,EventTemplate,Occurrences\n";
  std::size_t events = 0;
  for (std::size_t e = 1; e <= clusters; ++e) {
    if (count_by_event[e] == 0) continue;
    ++events;
    std::string row = "E" + std::to_string(e) + ",";
    aiops::append_csv_field(row, templates_by_event[e]);
    templates << row << ',' << count_by_event[e] << '\n';
  }
  structured.close();
  templates.close();
  if (!structured || !templates) throw aiops::error("error writing the output files in " + dir.string());
  bad.report();
  long_lines.report();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{} lines, {} templates ({} parser) in {:.2f} s\nwrote {}\nwrote {}\n", number - bad.count - long_lines.count, events,
             nlp::to_string(options.parser), seconds, structured_path.string(), templates_path.string());
}

// Standard input, one line at a time: each row is written as soon as its line is mined, with the
// template its cluster has at that moment; template changes go to stderr as they happen. With
// --state, the miner is loaded from (when it exists) and saved to that JSON file.
void parse_stream(const logparse_args& args, const nlp::log_format& format, const nlp::masker& mask, const nlp::parse_options& options) {
  std::optional<nlp::drain> miner;
  if (!args.state.empty() && fs::exists(args.state)) {
    std::ifstream in(args.state, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = nlp::load_drain(text);
    if (!loaded) throw aiops::error(args.state + ": " + loaded.error().message);
    miner.emplace(std::move(*loaded));
    std::fprintf(stderr, "aiops logparse: continuing from %s (%zu clusters)\n", args.state.c_str(), miner->clusters().size());
  } else {
    nlp::drain_options plain = options.drain;
    plain.freeze_after = 0;
    miner.emplace(plain);
  }
  std::fputs(structured_header(format).c_str(), stdout);
  std::vector<std::string_view> fields;
  std::string masked;
  skipped_lines bad{"do not match the format"}, long_lines = too_long_lines(args);
  aiops::logs::line_reader in = aiops::logs::open_log("-", {args.max_line_bytes});  // gzip too
  while (const auto line = in.next()) {
    const std::size_t number = line->number;
    if (line->too_long) {
      long_lines.add(number);
      continue;
    }
    if (!format.match(line->text, fields)) {
      bad.add(number);
      continue;
    }
    mask.apply(fields[format.content_index()], masked);
    const nlp::drain_result r = miner->add(masked);
    const std::string t = miner->cluster(r.cluster_id).template_text();
    if (r.change == nlp::drain_change::cluster_created) std::fprintf(stderr, "new E%zu: %s\n", r.cluster_id, t.c_str());
    if (r.change == nlp::drain_change::template_changed) std::fprintf(stderr, "changed E%zu: %s\n", r.cluster_id, t.c_str());
    std::fputs(structured_row(number, format, fields, r.cluster_id, t).c_str(), stdout);
    std::fflush(stdout);
  }
  bad.report();
  long_lines.report();
  if (!args.state.empty()) {
    const fs::path tmp = args.state + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << nlp::save_drain(*miner);
      if (!out) throw aiops::error("cannot write " + tmp.string());
    }
    fs::rename(tmp, args.state);  // atomic: a crash never leaves half a state behind
  }
}

void logparse(const logparse_args& args) {
  const auto format = nlp::log_format::parse(args.format);
  if (!format)
    throw CLI::ValidationError("--format", format.error().message + " at column " + std::to_string(format.error().column));
  const auto kind = nlp::parser_kind_from_string(args.parser);
  if (!kind) throw CLI::ValidationError("--parser", "unknown parser '" + args.parser + "' (drain or refined)");
  nlp::parse_options options;
  options.parser = *kind;
  options.drain.depth = args.depth;
  options.drain.similarity = args.similarity;
  options.drain.max_children = args.max_children;
  options.drain.extra_delimiters = args.delimiters;
  const nlp::masker mask = make_masker(args);
  if (args.stream) {
    if (*kind == nlp::parser_kind::refined && args.parser_given)
      throw CLI::ValidationError("--parser", "the refined parser merges clusters after the last line; --stream mines with drain");
    parse_stream(args, *format, mask, options);
  } else {
    if (args.file.empty()) throw CLI::RequiredError("FILE (or --stream to read standard input)");
    parse_file(args, *format, mask, options);
  }
}

const aiops::app::register_command reg{{"logparse", "Mine log templates (Drain or refined) into LogHub's structured and templates CSV files",
                                        [](CLI::App& sub) {
  auto args = std::make_shared<logparse_args>();
  sub.add_option("FILE", args->file, "log file (writes FILE_structured.csv and FILE_templates.csv next to it, or into --out)");
  sub.add_option("--format", args->format, "log format: header fields in <>, the message in <Content>, e.g. '<Date> <Time> <Level> <Component>: <Content>'")
      ->required();
  sub.add_option("--mask", args->masks, "a PCRE regex whose matches become <*> (repeatable; applied before the built-in masks)");
  sub.add_option("--no-mask", args->no_masks, "turn off a built-in mask: url uuid datetime mac ipv6 ipv4 block_id path hex size duration number, or all");
  sub.add_option("--parser", args->parser, "drain, or refined (Drain + refined templates + merged clusters)")->capture_default_str();
  sub.add_option("--depth", args->depth, "Drain's tree depth (routes by the first depth-3 tokens)")->check(CLI::Range(3, 64))->capture_default_str();
  sub.add_option("--sim", args->similarity, "Drain's similarity threshold")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  sub.add_option("--max-children", args->max_children, "Drain's most children per tree node")->check(CLI::Range(2, 1000000))->capture_default_str();
  sub.add_option("--delimiters", args->delimiters, "bytes that separate tokens besides whitespace, e.g. '=,'");
  sub.add_option("--max-line-bytes", args->max_line_bytes, "skip (and report) lines longer than this")
      ->check(CLI::Range(std::size_t(1), std::size_t(1) << 30))->capture_default_str();
  sub.add_option("--threads", args->threads, "threads that read and mask lines ahead of the miner (the output is the same with any number)")
      ->check(CLI::Range(1, 256))->capture_default_str();
  sub.add_option("--out", args->out, "directory for the output files (default: the input's directory)");
  sub.add_flag("--force", args->force, "overwrite existing output files");
  sub.add_flag("--stream", args->stream, "read standard input and write each row to standard output as it is mined (Drain)");
  sub.add_option("--state", args->state, "with --stream: load Drain's state from this JSON file if it exists, save it at the end");
  sub.callback([args, &sub] {
    args->parser_given = sub.count("--parser") > 0;
    logparse(*args);
  });
}}};

}  // namespace cmd_logparse
