// aiops: vendoring smoke test of single_include/aiops/ml.hpp alone
// SPDX-License-Identifier: MIT
#include "aiops/ml.hpp"
#include "aiops/ml.hpp"  // included twice: #pragma once must hold

#include <cmath>  // std::abs

int main() {
  Eigen::MatrixXd x(4, 1);
  x << 0, 1, 2, 3;
  Eigen::VectorXd y(4);
  y << 1, 3, 5, 7;  // y = 2x + 1
  aiops::ml::linear_regression model;
  model.fit(x, y);
  Eigen::MatrixXd next(1, 1);
  next << 10;
  return std::abs(model.predict(next)(0) - 21.0) < 1e-9 ? 0 : 1;
}
