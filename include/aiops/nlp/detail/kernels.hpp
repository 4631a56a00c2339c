// aiops: dot product and y += a x on dense arrays, written so that GCC's -O2 vectorizer makes them SIMD
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t

#include "aiops/config.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp::detail {

// Blocks of 8 with restrict pointers (callers never pass overlapping arrays): -O2 turns each block
// into SIMD instructions, where a plain loop stays scalar (-O2 vectorizes no float reduction and no
// loop whose arrays may alias).
inline constexpr std::size_t kernel_block = 8;

/// The dot product of a[0..n) and b[0..n).
template <class T>
T dot(const T* __restrict a, const T* __restrict b, std::size_t n) noexcept {
  T acc[kernel_block] = {};
  std::size_t k = 0;
  for (; k + kernel_block <= n; k += kernel_block)
    for (std::size_t j = 0; j < kernel_block; ++j) acc[j] += a[k + j] * b[k + j];
  T sum = 0;
  for (; k < n; ++k) sum += a[k] * b[k];
  for (T x : acc) sum += x;
  return sum;
}

/// y[0..n) += g x[0..n).
template <class T>
void axpy(T g, const T* __restrict x, T* __restrict y, std::size_t n) noexcept {
  std::size_t k = 0;
  for (; k + kernel_block <= n; k += kernel_block)
    for (std::size_t j = 0; j < kernel_block; ++j) y[k + j] += g * x[k + j];
  for (; k < n; ++k) y[k] += g * x[k];
}

}  // namespace nlp::detail
AIOPS_END_NAMESPACE
