// aiops: the ml module: regression, classification, clustering, PCA, scaling, splits and metrics on Eigen
// SPDX-License-Identifier: MIT
#pragma once

#include "aiops/config.hpp"
#include "aiops/ml/dbscan.hpp"
#include "aiops/ml/kd_tree.hpp"
#include "aiops/ml/kmeans.hpp"
#include "aiops/ml/linear_regression.hpp"
#include "aiops/ml/logistic_regression.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/optimize.hpp"
#include "aiops/ml/pca.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/ridge.hpp"
#include "aiops/ml/scalers.hpp"
#include "aiops/ml/split.hpp"
#include "aiops/ml/statistics.hpp"
#include "aiops/ml/types.hpp"
