// aiops: bench/nlp: TF-IDF + k-means (against scikit-learn) and Word2Vec (against gensim) on datasets/logs,
// one thread each, the same inputs and hyper-parameters; vectors_bench.py runs the Python side and prints the tables
// SPDX-License-Identifier: MIT
//
//   bench_vectors prepare WORK   writes WORK/<system>.words (masked words of each line, space-separated)
//                                and WORK/<system>.truth (the line's true event, an int)
//   bench_vectors run WORK       prints TSV rows: side, system, measure, value
//
// vectors.sh does both around vectors_bench.py. Times are CPU seconds (std::clock) of this process.
#include <algorithm>  // std::max
#include <cstdio>    // std::printf
#include <ctime>     // std::clock
#include <fstream>   // std::ifstream, std::ofstream
#include <sstream>   // std::istringstream
#include <string>    // std::string
#include <vector>    // std::vector

#include <aiops/ml/metrics.hpp>
#include <aiops/nlp.hpp>

namespace nlp = aiops::nlp;

namespace {

const char* const systems[][2] = {{"hdfs", "HDFS"},     {"openssh", "OpenSSH"}, {"linux", "Linux"},
                                  {"hadoop", "Hadoop"}, {"android", "Android"}, {"apache", "Apache"}};

// Shared with vectors_bench.py: k-means restarts, Word2Vec's options, queries of the neighbour check.
constexpr int kmeans_n_init = 3;
constexpr std::size_t queries_per_system = 200, neighbours = 10;
const nlp::word2vec_options w2v_options{.dimensions = 100, .window = 5, .negative = 5, .min_count = 5, .epochs = 5,
                                        .sample = 1e-3, .alpha = 0.025, .min_alpha = 0.0001, .threads = 1, .seed = 1};

struct corpus {
  std::vector<std::vector<std::string>> lines;
  std::vector<int> truth;
};

corpus read(const std::string& work, const char* system) {
  corpus c;
  std::ifstream words(work + "/" + system + ".words"), truth(work + "/" + system + ".truth");
  for (std::string line; std::getline(words, line);) {
    c.lines.emplace_back();
    std::istringstream in(line);
    for (std::string w; in >> w;) c.lines.back().push_back(w);
  }
  for (int t; truth >> t;) c.truth.push_back(t);
  return c;
}

double seconds_since(std::clock_t start) { return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC; }

int prepare(const std::string& work) {
  const nlp::masker mask = nlp::masker::standard();
  for (const auto& s : systems) {
    const nlp::labelled_log log = nlp::read_structured_csv(std::string(AIOPS_SOURCE_DIR) + "/datasets/logs/" + s[0] + "/" + s[1] +
                                                           ".log_structured.csv");
    std::ofstream words(work + "/" + s[0] + ".words"), truth(work + "/" + s[0] + ".truth");
    std::vector<std::string> w;
    for (const std::string& m : log.contents) {
      w.clear();
      nlp::split_words(mask(m), w);
      for (std::size_t i = 0; i < w.size(); ++i) words << (i ? " " : "") << w[i];
      words << '\n';
    }
    for (int t : nlp::to_labels(log.event_ids)) truth << t << '\n';
  }
  return 0;
}

// The mean share of the 10 nearest lines (cosine of mean word vectors) that have the query's event,
// over queries spread evenly through the file.
double neighbour_check(const nlp::word2vec& model, const corpus& c) {
  const Eigen::MatrixXd v = nlp::sentence_vectors(model, c.lines);
  double total = 0;
  const std::size_t step = c.lines.size() / queries_per_system;
  for (std::size_t q = 0; q < queries_per_system; ++q) {
    const std::size_t i = q * step;
    std::size_t same = 0, seen = 0;
    for (const nlp::neighbour& n : nlp::nearest(v, v.row(static_cast<Eigen::Index>(i)).transpose(), neighbours + 1)) {
      if (n.index == i || seen == neighbours) continue;
      ++seen;
      same += c.truth[n.index] == c.truth[i];
    }
    total += static_cast<double>(same) / static_cast<double>(neighbours);
  }
  return total / static_cast<double>(queries_per_system);
}

int run(const std::string& work) {
  std::vector<corpus> all;
  std::vector<std::vector<std::string>> every_line;
  for (const auto& s : systems) {
    all.push_back(read(work, s[0]));
    every_line.insert(every_line.end(), all.back().lines.begin(), all.back().lines.end());
  }
  for (std::size_t s = 0; s < all.size(); ++s) {
    const corpus& c = all[s];
    int k = 0;
    for (int t : c.truth) k = std::max(k, t + 1);
    const std::clock_t start = std::clock();
    const auto x = nlp::tfidf().fit_transform(c.lines);
    const std::vector<int> labels = nlp::sparse_kmeans({.n_clusters = k, .n_init = kmeans_n_init, .seed = 0}).fit_predict(x);
    const double seconds = seconds_since(start);
    const auto t = aiops::ml::as_labels(c.truth), p = aiops::ml::as_labels(labels);
    std::printf("aiops\t%s\tkmeans_seconds\t%.4f\n", systems[s][0], seconds);
    std::printf("aiops\t%s\tnmi\t%.4f\n", systems[s][0], aiops::ml::normalized_mutual_info_score(t, p));
    std::printf("aiops\t%s\tpurity\t%.4f\n", systems[s][0], nlp::purity(c.truth, labels));
  }
  std::size_t words = 0;
  for (const auto& line : every_line) words += line.size();
  nlp::word2vec model(w2v_options);
  const std::clock_t start = std::clock();
  model.fit(every_line);
  const double seconds = seconds_since(start);
  std::printf("aiops\tall\tw2v_seconds\t%.4f\n", seconds);
  std::printf("aiops\tall\tw2v_words_per_second\t%.0f\n", static_cast<double>(words * w2v_options.epochs) / seconds);
  std::printf("aiops\tall\tw2v_vocabulary\t%zu\n", model.words().size());
  for (std::size_t s = 0; s < all.size(); ++s)
    std::printf("aiops\t%s\tneighbours_same_event\t%.4f\n", systems[s][0], neighbour_check(model, all[s]));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (argc == 3 && command == "prepare") return prepare(argv[2]);
  if (argc == 3 && command == "run") return run(argv[2]);
  std::fprintf(stderr, "usage: bench_vectors prepare WORK | run WORK\n");
  return 2;
}
