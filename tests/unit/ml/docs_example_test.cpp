// aiops: the usage example at the top of docs/ml.md, compiled and run on synthetic host profiles
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "aiops/ml.hpp"

TEST_CASE("docs/ml.md example: split, scale, regress, classify, cluster", "[ml][docs]") {
  namespace ml = aiops::ml;
  // 400 hosts of four roles with different profiles (memory, disk I/O, requests, connections);
  // CPU is a linear function of the profile plus noise.
  ml::rng gen(2024);
  Eigen::MatrixXd x(400, 4);
  Eigen::VectorXi role(400);
  Eigen::VectorXd cpu(400);
  const double profile[4][4] = {{30, 5, 900, 200}, {80, 60, 100, 50}, {60, 2, 2000, 800}, {40, 90, 10, 5}};
  for (Eigen::Index i = 0; i < 400; ++i) {
    role[i] = static_cast<int>(i % 4);
    for (Eigen::Index j = 0; j < 4; ++j) x(i, j) = profile[role[i]][j] * (1 + gen.normal(0, 0.1));
    cpu[i] = 5 + 0.3 * x(i, 0) + 0.2 * x(i, 1) + 0.01 * x(i, 2) + gen.normal(0, 1);
  }

  auto split = ml::train_test_split(x.rows(), {.test_size = 0.25, .seed = 7});
  const Eigen::MatrixXd x_train = x(split.train, Eigen::all), x_test = x(split.test, Eigen::all);

  ml::standard_scaler scaler;
  const Eigen::MatrixXd z_train = scaler.fit_transform(x_train), z_test = scaler.transform(x_test);

  ml::ridge cpu_model({.alpha = 1.0});
  cpu_model.fit(z_train, cpu(split.train));
  double mae = ml::mean_absolute_error(cpu(split.test), cpu_model.predict(z_test));

  ml::logistic_regression clf({.c = 1.0});
  clf.fit(z_train, role(split.train));
  Eigen::MatrixXd p = clf.predict_proba(z_test);
  double f1 = ml::f1_score(role(split.test), clf.predict(z_test), ml::average::macro);

  ml::kmeans km({.n_clusters = 4, .seed = 42});
  Eigen::VectorXi groups = km.fit_predict(z_train);
  double ari = ml::adjusted_rand_score(role(split.train), groups);
  double purity = ml::purity_score(role(split.train), groups);

  CHECK(split.test.size() == 100);
  CHECK(mae < 1.5);  // the noise alone gives 0.8
  CHECK(p.cols() == 4);
  CHECK(f1 == 1.0);
  CHECK(ari == 1.0);
  CHECK(purity == 1.0);
}
