// aiops: `aiops logcluster FILE --vectors tfidf|word2vec --k N|--auto`: clusters log messages and prints each
// cluster's size, a representative line and its top terms (scored against the truth for LogHub CSV files)
// SPDX-License-Identifier: MIT
#include <chrono>    // std::chrono::steady_clock
#include <cstdio>    // std::fprintf
#include <fstream>   // std::ifstream
#include <memory>    // std::make_shared
#include <optional>  // std::optional
#include <string>    // std::string, std::getline
#include <vector>    // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/ml/metrics.hpp>
#include <aiops/nlp.hpp>

#include "command.hpp"

namespace cmd_logcluster {

namespace nlp = aiops::nlp;

struct logcluster_args {
  std::string file;
  std::string format;
  std::string vectors = "tfidf";
  std::string method;  // empty: kmeans with --k, average with --auto
  std::size_t k = 0;
  bool automatic = false;
  std::optional<double> threshold;
  std::size_t top = 5;
  std::size_t show = 0;  // clusters printed (0: all)
  std::uint64_t seed = 0;
  bool no_mask = false;
};

// The messages of FILE: a LogHub structured CSV (its Content column, with EventId as the truth),
// or a log whose lines are messages, or whose <Content> field is with --format.
struct messages {
  std::vector<std::string> text;
  std::vector<std::string> truth;  // EventIds, for a structured CSV
};

messages read_messages(const logcluster_args& args) {
  messages m;
  if (args.file.ends_with("_structured.csv")) {
    nlp::labelled_log log = nlp::read_structured_csv(args.file);
    m.text = std::move(log.contents);
    m.truth = std::move(log.event_ids);
    return m;
  }
  std::optional<nlp::log_format> format;
  if (!args.format.empty()) {
    auto f = nlp::log_format::parse(args.format);
    if (!f) throw CLI::ValidationError("--format", f.error().message + " at column " + std::to_string(f.error().column));
    format = std::move(*f);
  }
  std::ifstream in(args.file, std::ios::binary);
  if (!in) throw aiops::error("cannot open " + args.file);
  std::vector<std::size_t> skipped;  // line numbers that do not match the format
  std::vector<std::string_view> fields;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (!format) {
      if (!aiops::trim(line).empty()) m.text.push_back(line);  // a blank line is no message
    }
    else if (format->match(line, fields)) m.text.emplace_back(fields[format->content_index()]);
    else skipped.push_back(number);
  }
  if (in.bad()) throw aiops::error("error reading " + args.file);
  if (!skipped.empty())
    std::fprintf(stderr, "aiops logcluster: %zu line(s) do not match the format and were skipped (first: line %zu)\n",
                 skipped.size(), skipped.front());
  return m;
}

nlp::log_cluster_options make_options(const logcluster_args& args) {
  nlp::log_cluster_options o;
  if (args.vectors == "word2vec") o.vectors = nlp::message_vectors::word2vec;
  else if (args.vectors != "tfidf") throw CLI::ValidationError("--vectors", "unknown vectors '" + args.vectors + "' (tfidf or word2vec)");
  const std::string method = !args.method.empty() ? args.method : args.automatic ? "average" : "kmeans";
  if (method == "average") o.method = nlp::cluster_method::average;
  else if (method == "complete") o.method = nlp::cluster_method::complete;
  else if (method != "kmeans") throw CLI::ValidationError("--method", "unknown method '" + method + "' (kmeans, average or complete)");
  if (args.automatic == (args.k > 0)) throw CLI::ValidationError("--k/--auto", "give either --k N or --auto");
  if (args.automatic && o.method == nlp::cluster_method::kmeans)
    throw CLI::ValidationError("--auto", "k-means needs --k; --auto cuts an agglomerative tree (--method average or complete)");
  if (args.threshold && !args.automatic) throw CLI::ValidationError("--threshold", "only with --auto");
  o.k = args.k;
  o.distance_threshold = args.threshold;
  o.top_terms = args.top;
  o.seed = args.seed;
  o.word2vec.seed = args.seed + 1;
  return o;
}

void logcluster(const logcluster_args& args) {
  const nlp::log_cluster_options options = make_options(args);
  const auto started = std::chrono::steady_clock::now();
  const messages m = read_messages(args);
  if (m.text.empty()) throw aiops::error(args.file + ": no messages to cluster");
  if (!args.automatic && args.k > m.text.size())
    throw CLI::ValidationError("--k", std::to_string(args.k) + " clusters for " + std::to_string(m.text.size()) + " messages");
  std::vector<std::string> masked;
  masked.reserve(m.text.size());
  const nlp::masker mask = nlp::masker::standard();
  for (const std::string& t : m.text) masked.push_back(args.no_mask ? t : mask(t));
  const nlp::clustered_messages out = nlp::cluster_messages(masked, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  fmt::print("{} messages, {} clusters ({}, {}) in {:.2f} s\n", m.text.size(), out.clusters.size(), args.vectors,
             args.automatic ? "agglomerative cut at a distance" : "k = " + std::to_string(args.k), seconds);
  if (!m.truth.empty()) {
    const std::vector<int> truth = nlp::to_labels(m.truth);
    const auto t = aiops::ml::as_labels(truth), p = aiops::ml::as_labels(out.labels);
    fmt::print("against EventId: NMI {:.3f}  ARI {:.3f}  purity {:.3f}\n", aiops::ml::normalized_mutual_info_score(t, p),
               aiops::ml::adjusted_rand_score(t, p), nlp::purity(truth, out.labels));
  }
  const std::size_t show = args.show == 0 ? out.clusters.size() : std::min(args.show, out.clusters.size());
  for (std::size_t c = 0; c < show; ++c) {
    const nlp::message_cluster& cl = out.clusters[c];
    std::string terms;
    for (const std::string& t : cl.top_terms) terms += (terms.empty() ? "" : " ") + t;
    fmt::print("\ncluster {}: {} messages ({:.1f}%)\n  top terms: {}\n  example:   {}\n", c + 1, cl.size,
               100.0 * static_cast<double>(cl.size) / static_cast<double>(m.text.size()), terms, m.text[cl.representative]);
  }
  if (show < out.clusters.size()) fmt::print("\n... {} more clusters (--show 0 lists all)\n", out.clusters.size() - show);
}

const aiops::app::register_command reg{{"logcluster", "Cluster log messages by TF-IDF or Word2Vec vectors (k-means or agglomerative)",
                                        [](CLI::App& sub) {
  auto args = std::make_shared<logcluster_args>();
  sub.add_option("FILE", args->file, "log file (one message per line, or see --format), or a LogHub *_structured.csv (then scored against its EventId)")
      ->required();
  sub.add_option("--format", args->format, "log format whose <Content> is the message, e.g. '<Date> <Time> <Level> <Component>: <Content>'");
  sub.add_option("--vectors", args->vectors, "tfidf, or word2vec (TF-IDF-weighted mean of word vectors trained on the file)")->capture_default_str();
  sub.add_option("--k", args->k, "number of clusters")->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  sub.add_flag("--auto", args->automatic, "find the number of clusters: cut an agglomerative tree at --threshold");
  sub.add_option("--method", args->method, "kmeans (default with --k), average or complete (agglomerative, cosine; average is the default with --auto)");
  sub.add_option("--threshold", args->threshold, "with --auto: cosine distance below which clusters merge (default 0.5 tfidf, 0.02 word2vec)")
      ->check(CLI::Range(0.0, 2.0));
  sub.add_option("--top", args->top, "top terms per cluster")->capture_default_str();
  sub.add_option("--show", args->show, "clusters to print, largest first (0: all)")->capture_default_str();
  sub.add_option("--seed", args->seed, "seed of k-means and Word2Vec")->capture_default_str();
  sub.add_flag("--no-mask", args->no_mask, "cluster the raw messages (default: numbers, addresses, ids... masked first)");
  sub.callback([args] { logcluster(*args); });
}}};

}  // namespace cmd_logcluster
