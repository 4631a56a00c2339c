// aiops: the Eigen decompositions the library uses, instantiated once in the project's own build
// SPDX-License-Identifier: MIT
#pragma once

#include <Eigen/Dense>

// Instantiating a decomposition costs seconds of compile time in every translation unit that uses
// it (BDCSVD about 20 s at -O0). The project's own tests and program are built with
// AIOPS_EIGEN_EXTERN and link one object built with AIOPS_EIGEN_INSTANTIATE (CMake target
// aiops_eigen_instances), so each is compiled once. Code that vendors the headers defines neither
// and gets them instantiated where used, as with any header-only library.
#if defined(AIOPS_EIGEN_INSTANTIATE)
#define AIOPS_EIGEN_INSTANCE template
#elif defined(AIOPS_EIGEN_EXTERN)
#define AIOPS_EIGEN_INSTANCE extern template
#endif

#ifdef AIOPS_EIGEN_INSTANCE
AIOPS_EIGEN_INSTANCE class Eigen::BDCSVD<Eigen::MatrixXd>;
AIOPS_EIGEN_INSTANCE class Eigen::HouseholderQR<Eigen::MatrixXd>;
AIOPS_EIGEN_INSTANCE class Eigen::ColPivHouseholderQR<Eigen::MatrixXd>;
AIOPS_EIGEN_INSTANCE class Eigen::LLT<Eigen::MatrixXd, Eigen::Lower>;
AIOPS_EIGEN_INSTANCE class Eigen::LDLT<Eigen::MatrixXd, Eigen::Lower>;
#undef AIOPS_EIGEN_INSTANCE
#endif
