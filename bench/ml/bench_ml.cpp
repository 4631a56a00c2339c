// aiops: the aiops::ml side of bench/ml: fits and predicts on the matrices sklearn_side.py wrote,
// prints timings and results as JSON for compare.py
// SPDX-License-Identifier: MIT
//
//   bench-ml DATA_DIR REPEATS      (run by bench/ml/run.sh; timings are the best of REPEATS)
#include <fstream>    // std::ifstream
#include <iostream>   // std::cout, std::cerr
#include <sstream>    // std::ostringstream
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string, std::stoi
#include <vector>     // std::vector

#include "aiops/ml.hpp"

#include "../support/timing.hpp"

namespace ml = aiops::ml;

namespace {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// DIR/NAME.shape holds "rows cols"; DIR/NAME.f64 the row-major doubles (numpy's tofile).
Eigen::MatrixXd read_matrix(const std::string& dir, const std::string& name) {
  std::ifstream shape(dir + "/" + name + ".shape");
  Eigen::Index rows = 0, cols = 0;
  if (!(shape >> rows >> cols)) throw std::runtime_error("cannot read " + dir + "/" + name + ".shape");
  row_major m(rows, cols);
  std::ifstream data(dir + "/" + name + ".f64", std::ios::binary);
  data.read(reinterpret_cast<char*>(m.data()), static_cast<std::streamsize>(sizeof(double) * m.size()));
  if (!data) throw std::runtime_error("short read of " + dir + "/" + name + ".f64");
  return m;
}

Eigen::VectorXd read_vector(const std::string& dir, const std::string& name) { return read_matrix(dir, name).col(0); }

Eigen::VectorXi read_labels(const std::string& dir, const std::string& name) {
  return read_vector(dir, name).cast<int>();
}

using aiops::bench::best_of;
using aiops::bench::timing;

std::string json(const Eigen::MatrixXd& m) {
  std::ostringstream out;
  out.precision(17);
  out << "[";
  for (Eigen::Index i = 0; i < m.size(); ++i) out << (i ? "," : "") << m(i / m.cols(), i % m.cols());
  out << "]";
  return out.str();
}

/// One model's entry: `"name": {"fit_s": ..., "fit_cpu_s": ..., "predict_s": ..., "predict_cpu_s": ..., <extra>}`.
void entry(bool& first, const std::string& name, const timing& fit, const timing& predict, const std::string& extra) {
  std::cout << (first ? "" : ",\n") << "  \"" << name << "\": {\"fit_s\": " << fit.wall << ", \"fit_cpu_s\": " << fit.cpu
            << ", \"predict_s\": " << predict.wall << ", \"predict_cpu_s\": " << predict.cpu << ", " << extra << "}";
  first = false;
}

template <class Regressor>
void regression(bool& first, const std::string& name, Regressor model, const Eigen::MatrixXd& x,
                const Eigen::VectorXd& y, int repeats) {
  const timing fit = best_of(repeats, [&] { model.fit(x, y); });
  Eigen::VectorXd pred;
  const timing predict = best_of(repeats, [&] { pred = model.predict(x); });
  std::ostringstream extra;
  extra.precision(17);
  extra << "\"coef\": " << json(model.coef().transpose()) << ", \"intercept\": " << model.intercept()
        << ", \"r2\": " << ml::r2_score(y, pred);
  entry(first, name, fit, predict, extra.str());
}

void classification(bool& first, const std::string& name, const ml::logistic_regression_options& options,
                    const Eigen::MatrixXd& x, const Eigen::VectorXi& y, int repeats) {
  ml::logistic_regression model(options);
  const timing fit = best_of(repeats, [&] { model.fit(x, y); });
  Eigen::VectorXi pred;
  const timing predict = best_of(repeats, [&] { pred = model.predict(x); });
  std::ostringstream extra;
  extra.precision(17);
  extra << "\"coef\": " << json(model.coef()) << ", \"intercept\": " << json(model.intercept().transpose())
        << ", \"accuracy\": " << ml::accuracy_score(y, pred) << ", \"n_iter\": " << model.n_iter()[0];
  entry(first, name, fit, predict, extra.str());
}

void clustering(bool& first, const std::string& name, const Eigen::MatrixXd& x, const Eigen::VectorXi& truth,
                int k, int repeats, const std::string& dir) {
  ml::kmeans model({.n_clusters = k, .n_init = 10, .max_iter = 300, .tol = 1e-4, .seed = 0});
  const timing fit = best_of(repeats, [&] { model.fit(x); });
  Eigen::VectorXi pred;
  const timing predict = best_of(repeats, [&] { pred = model.predict(x); });
  // The labels go to a file so compare.py can measure the agreement with scikit-learn's (ARI).
  std::ofstream(dir + "/" + name + ".aiops-labels", std::ios::binary)
      .write(reinterpret_cast<const char*>(pred.data()), static_cast<std::streamsize>(sizeof(int) * pred.size()));
  std::ostringstream extra;
  extra.precision(17);
  extra << "\"inertia\": " << model.inertia() << ", \"ari_truth\": " << ml::adjusted_rand_score(truth, pred)
        << ", \"n_iter\": " << model.n_iter();
  entry(first, name, fit, predict, extra.str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench-ml DATA_DIR REPEATS\n";
    return 2;
  }
  const std::string dir = argv[1];
  const int repeats = std::stoi(argv[2]);
  try {
    const Eigen::MatrixXd x_reg = read_matrix(dir, "regression_x");
    const Eigen::VectorXd y_reg = read_vector(dir, "regression_y");
    const Eigen::MatrixXd x_bin = read_matrix(dir, "binary_x");
    const Eigen::VectorXi y_bin = read_labels(dir, "binary_y");
    const Eigen::MatrixXd x_multi = read_matrix(dir, "multiclass_x");
    const Eigen::VectorXi y_multi = read_labels(dir, "multiclass_y");
    std::cout.precision(6);
    std::cout << "{\n";
    bool first = true;
    regression(first, "linear", ml::linear_regression(), x_reg, y_reg, repeats);
    regression(first, "ridge", ml::ridge({.alpha = 10.0}), x_reg, y_reg, repeats);
    classification(first, "logistic_binary", {.c = 1.0, .max_iter = 100, .tol = 1e-4}, x_bin, y_bin, repeats);
    classification(first, "logistic_ovr", {.c = 1.0, .max_iter = 100, .tol = 1e-4}, x_multi, y_multi, repeats);
    for (const std::string name : {"kmeans_blobs", "kmeans_overlap"}) {
      const Eigen::MatrixXd x = read_matrix(dir, name + "_x");
      const Eigen::VectorXi truth = read_labels(dir, name + "_y");
      clustering(first, name, x, truth, truth.maxCoeff() + 1, repeats, dir);
    }
    std::cout << "\n}\n";
  } catch (const std::exception& e) {
    std::cerr << "bench-ml: " << e.what() << "\n";
    return 1;
  }
}
