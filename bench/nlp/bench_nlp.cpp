// aiops: bench/nlp: Drain and the refined parser on datasets/logs (GA, PA, FGA), and Drain against
// Drain3 with the same regex masks, depth, similarity and max children (GA and lines/s)
// SPDX-License-Identifier: MIT
//
//   bench_nlp prepare WORK           writes WORK/<system>.txt (the messages) for drain3_bench.py
//   bench_nlp report WORK REPEAT     reads WORK/<system>.drain3.{ids,json}, prints Markdown tables
//   bench_nlp score FILE...          GA, PA, FGA of both parsers on other LogHub-format files
//
// run.sh does both around Drain3. Options: depth 4, similarity 0.4, max children 100 (Drain3's defaults).
#include <algorithm>  // std::nth_element
#include <chrono>     // std::chrono::steady_clock
#include <ctime>      // std::clock
#include <cstdio>     // std::printf
#include <fstream>    // std::ifstream, std::ofstream
#include <map>        // std::map
#include <sstream>    // std::stringstream
#include <string>     // std::string
#include <thread>     // std::thread::hardware_concurrency
#include <vector>     // std::vector

#include <aiops/nlp.hpp>
#include <aiops/nlp/regex_mask.hpp>

namespace nlp = aiops::nlp;

namespace {

const char* const systems[][2] = {{"hdfs", "HDFS"},     {"openssh", "OpenSSH"}, {"linux", "Linux"},
                                  {"hadoop", "Hadoop"}, {"android", "Android"}, {"apache", "Apache"}};

nlp::labelled_log load(const char* dir, const char* name) {
  return nlp::read_structured_csv(std::string(AIOPS_SOURCE_DIR) + "/datasets/logs/" + dir + "/" + name + ".log_structured.csv");
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The masks drain3_bench.py gives Drain3, as custom masks and no built-in one.
nlp::masker regex_masker() {
  nlp::masker m;
  std::stringstream lines(read_all(std::string(AIOPS_SOURCE_DIR) + "/bench/nlp/masks.txt"));
  std::string pattern;
  while (std::getline(lines, pattern))
    if (!pattern.empty()) m.add(nlp::regex_mask(pattern));
  return m;
}

nlp::parse_scores score(const nlp::labelled_log& log, const nlp::parsed_messages& out) {
  std::vector<std::string> templates;
  for (std::size_t i = 0; i < out.group.size(); ++i) templates.push_back(out.template_of(i));
  return nlp::score_parse(nlp::to_labels(log.event_ids), log.templates, out.group, templates);
}

// Lines per second of mining `repeat` passes with one miner, masking included: per CPU second
// (std::clock: the process's time, not the wall's, which on a shared machine measures the
// neighbours too) with one thread, per wall second (std::chrono::steady_clock) with more. One
// such run takes 20-60 ms, where a neighbour's burst or a page fault shows: the median of 7.
double lines_per_second(const std::vector<std::string>& messages, const nlp::masker& mask, nlp::parser_kind kind, int repeat,
                        std::size_t threads = 1) {
  nlp::parse_options o;
  o.parser = kind;
  o.threads = threads;
  std::vector<std::string> all;
  for (int r = 0; r < repeat; ++r) all.insert(all.end(), messages.begin(), messages.end());
  std::vector<double> rates;
  for (int run = 0; run < 7; ++run) {
    const std::clock_t start = std::clock();
    const auto wall = std::chrono::steady_clock::now();
    const nlp::parsed_messages out = nlp::parse_messages(all, mask, o);
    const double seconds = threads == 1 ? static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC
                                        : std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    rates.push_back(static_cast<double>(out.group.size()) / seconds);
  }
  std::nth_element(rates.begin(), rates.begin() + 3, rates.end());
  return rates[3];
}

int prepare(const std::string& work) {
  for (const auto& s : systems) {
    const nlp::labelled_log log = load(s[0], s[1]);
    std::ofstream out(work + "/" + s[0] + ".txt", std::ios::binary);
    for (const std::string& m : log.contents) out << m << '\n';
  }
  return 0;
}

int report(const std::string& work, int repeat) {
  const nlp::masker builtin = nlp::masker::standard();
  const nlp::masker regexes = regex_masker();
  nlp::parse_options drain_options, refined_options;
  drain_options.parser = nlp::parser_kind::drain;

  std::printf("### Accuracy on datasets/logs (built-in masks; depth 4, similarity 0.4, max children 100)\n\n");
  std::printf("| dataset | lines | templates | Drain GA | Drain PA | Drain FGA | refined GA | refined PA | refined FGA |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& s : systems) {
    const nlp::labelled_log log = load(s[0], s[1]);
    const auto d = score(log, nlp::parse_messages(log.contents, builtin, drain_options));
    const auto r = score(log, nlp::parse_messages(log.contents, builtin, refined_options));
    std::printf("| %s | %zu | %zu | %.3f | %.3f | %.3f | **%.3f** | **%.3f** | **%.3f** |\n", s[0], d.messages, d.true_groups,
                d.grouping_accuracy, d.parsing_accuracy, d.f1_group_accuracy, r.grouping_accuracy, r.parsing_accuracy,
                r.f1_group_accuracy);
  }

  const std::size_t threads = std::max(2u, std::thread::hardware_concurrency());
  std::printf("\n### Drain vs Drain3 (same regex masks, depth, similarity, max children; %dx each dataset)\n\n", repeat);
  std::printf("Lines per CPU second, one thread each; then lines per wall second, Drain3 against aiops masking on %zu threads "
              "ahead of its miner (parse_options::threads); then aiops, one thread, with its built-in masks.\n\n", threads);
  std::printf("| dataset | Drain3 GA | aiops Drain GA | same clusters | Drain3 lines/s | aiops Drain lines/s | ratio | Drain3 lines/wall s | aiops Drain, %zu threads, lines/wall s | ratio | aiops Drain, built-in masks | aiops refined, built-in masks |\n", threads);
  std::printf("|---|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& s : systems) {
    const nlp::labelled_log log = load(s[0], s[1]);
    const std::string base = work + "/" + s[0] + ".drain3";
    std::vector<int> drain3;
    {
      std::stringstream ids(read_all(base + ".ids"));
      int id = 0;
      while (ids >> id) drain3.push_back(id);
    }
    if (drain3.size() != log.contents.size()) {
      std::fprintf(stderr, "bench_nlp: %s.ids has %zu lines, expected %zu (run run.sh)\n", base.c_str(), drain3.size(), log.contents.size());
      return 1;
    }
    const std::string json = read_all(base + ".json");
    const auto field = [&](const char* key) { return std::stod(json.substr(json.find(':', json.find(key)) + 1)); };
    const double drain3_rate = field("\"lines\"") / field("\"seconds\"");
    const double drain3_wall_rate = field("\"lines\"") / field("\"wall_seconds\"");
    const auto truth = nlp::to_labels(log.event_ids);
    const auto mine = nlp::parse_messages(log.contents, regexes, drain_options);
    const double drain3_ga = nlp::grouping_accuracy(truth, drain3);
    const double mine_ga = nlp::grouping_accuracy(truth, mine.group);
    // The same partition: every Drain3 cluster is exactly one of ours, on one thread or several.
    nlp::parse_options threaded = drain_options;
    threaded.threads = threads;
    const bool same = nlp::grouping_accuracy(drain3, mine.group) == 1.0 &&
                      nlp::parse_messages(log.contents, regexes, threaded).group == mine.group;
    const double rate = lines_per_second(log.contents, regexes, nlp::parser_kind::drain, repeat);
    const double rate_builtin = lines_per_second(log.contents, builtin, nlp::parser_kind::drain, repeat);
    const double rate_refined = lines_per_second(log.contents, builtin, nlp::parser_kind::refined, repeat);
    const double wall_rate = lines_per_second(log.contents, regexes, nlp::parser_kind::drain, repeat, threads);
    std::printf("| %s | %.3f | %.3f | %s | %.0f | %.0f | %.0fx | %.0f | %.0f | %.0fx | %.0f | %.0f |\n", s[0], drain3_ga, mine_ga,
                same ? "yes" : "no", drain3_rate, rate, rate / drain3_rate, drain3_wall_rate, wall_rate, wall_rate / drain3_wall_rate,
                rate_builtin, rate_refined);
  }
  return 0;
}

// GA, PA and FGA of Drain and of the refined parser (built-in masks) on LogHub-format files, such
// as the 2k samples of github.com/logpai/loghub (<System>/<System>_2k.log_structured.csv).
int score_files(const std::vector<std::string>& paths) {
  const nlp::masker builtin = nlp::masker::standard();
  nlp::parse_options drain_options, refined_options;
  drain_options.parser = nlp::parser_kind::drain;
  std::printf("| file | lines | templates | Drain GA | Drain PA | refined GA | refined PA | refined FGA |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const std::string& path : paths) {
    const nlp::labelled_log log = nlp::read_structured_csv(path);
    const auto d = score(log, nlp::parse_messages(log.contents, builtin, drain_options));
    const auto r = score(log, nlp::parse_messages(log.contents, builtin, refined_options));
    std::printf("| %s | %zu | %zu | %.3f | %.3f | %.3f | %.3f | %.3f |\n", path.substr(path.rfind('/') + 1).c_str(), d.messages,
                d.true_groups, d.grouping_accuracy, d.parsing_accuracy, r.grouping_accuracy, r.parsing_accuracy, r.f1_group_accuracy);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 2 ? argv[1] : "";
  if (mode == "prepare") return prepare(argv[2]);
  if (mode == "report" && argc > 3) return report(argv[2], std::stoi(argv[3]));
  if (mode == "score") return score_files(std::vector<std::string>(argv + 2, argv + argc));
  std::fprintf(stderr, "usage: bench_nlp prepare WORK | bench_nlp report WORK REPEAT | bench_nlp score STRUCTURED.csv...\n");
  return 2;
}
