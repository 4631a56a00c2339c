// aiops: a k-d tree for radius and k-nearest-neighbour queries under the Euclidean distance
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::nth_element, std::max, std::min, std::sort
#include <cmath>      // std::sqrt
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <queue>      // std::priority_queue
#include <string>     // std::to_string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// A neighbour found by kd_tree: the row of the indexed points and its distance to the query.
struct neighbor {
  Eigen::Index index = 0;
  double distance = 0;
};

/// A k-d tree over the rows of a matrix (split at the median of the widest dimension, leaves of
/// `leaf_size` points, a bounding box per node for pruning). Queries are exact. It pays off in low
/// dimensions (up to ~15); beyond that most leaves are visited anyway, and a tree with a single leaf
/// (leaf_size >= rows) is plain brute force. The points are copied: the tree owns its data.
/// Queries are const and safe to run from several threads at once.
///
///     ml::kd_tree tree(x);                                    // x: rows = points
///     auto near = tree.radius(x.row(0), 0.5);                 // every point within 0.5, itself included
///     auto five = tree.nearest(x.row(0), 5);                  // sorted by distance
class kd_tree {
 public:
  /// @throws std::invalid_argument on empty or non-finite points, or leaf_size < 1.
  explicit kd_tree(const matrix_ref& points, Eigen::Index leaf_size = 30) : dims_(points.cols()) {
    detail::check_samples(points, "kd_tree");
    if (leaf_size < 1) detail::misuse("kd_tree", "leaf_size must be at least 1");
    const Eigen::Index n = points.rows();
    order_.resize(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) order_[static_cast<std::size_t>(i)] = i;
    build(points, 0, n, leaf_size);
    // Points stored row-major in tree order: a leaf scan then reads contiguous memory.
    data_.resize(n, dims_);
    for (Eigen::Index i = 0; i < n; ++i) data_.row(i) = points.row(order_[static_cast<std::size_t>(i)]);
  }

  /// Number of indexed points.
  Eigen::Index size() const noexcept { return data_.rows(); }
  /// Number of dimensions.
  Eigen::Index dims() const noexcept { return dims_; }

  /// Appends to `out` the index of every point at distance <= radius from `query` (in no order).
  /// The overload for hot loops: `out` keeps its capacity between calls.
  void radius(const double* query, double radius, std::vector<Eigen::Index>& out) const {
    const double r2 = radius * radius;
    std::vector<std::size_t> stack{0};
    while (!stack.empty()) {
      const node& nd = nodes_[stack.back()];
      stack.pop_back();
      if (box_distance(nd, query) > r2) continue;
      if (nd.left == 0) {
        for (Eigen::Index i = nd.begin; i < nd.end; ++i)
          if (squared_distance(i, query) <= r2) out.push_back(order_[static_cast<std::size_t>(i)]);
      } else {
        stack.push_back(nd.left);
        stack.push_back(nd.left + 1);
      }
    }
  }

  /// Indices of every point at distance <= radius from `query`, sorted by index.
  /// @throws std::invalid_argument when the query has the wrong number of dimensions.
  std::vector<Eigen::Index> radius(const Eigen::Ref<const Eigen::RowVectorXd>& query, double radius) const {
    check_query(query.size(), "kd_tree::radius");
    const Eigen::RowVectorXd q = query;
    std::vector<Eigen::Index> out;
    this->radius(q.data(), radius, out);
    std::sort(out.begin(), out.end());
    return out;
  }

  /// The k points nearest to `query`, nearest first (ties by index); fewer when the tree has fewer.
  /// @throws std::invalid_argument when the query has the wrong number of dimensions.
  std::vector<neighbor> nearest(const Eigen::Ref<const Eigen::RowVectorXd>& query, Eigen::Index k) const {
    check_query(query.size(), "kd_tree::nearest");
    const Eigen::RowVectorXd q = query;
    const auto worse = [](const neighbor& a, const neighbor& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.index < b.index;
    };
    std::priority_queue<neighbor, std::vector<neighbor>, decltype(worse)> best(worse);  // max-heap of k
    const auto bound = [&] { return static_cast<Eigen::Index>(best.size()) < k ? std::numeric_limits<double>::infinity()
                                                                              : best.top().distance; };
    std::vector<std::size_t> stack{0};
    while (k > 0 && !stack.empty()) {
      const node& nd = nodes_[stack.back()];
      stack.pop_back();
      if (box_distance(nd, q.data()) > bound()) continue;
      if (nd.left == 0) {
        for (Eigen::Index i = nd.begin; i < nd.end; ++i) {
          const neighbor cand{order_[static_cast<std::size_t>(i)], squared_distance(i, q.data())};
          if (static_cast<Eigen::Index>(best.size()) < k) best.push(cand);
          else if (worse(cand, best.top())) best.pop(), best.push(cand);
        }
      } else {  // visit the nearer child first (pushed last) so the bound tightens early
        const bool left_first = q[nd.split_dim] <= nd.split_value;
        stack.push_back(left_first ? nd.left + 1 : nd.left);
        stack.push_back(left_first ? nd.left : nd.left + 1);
      }
    }
    std::vector<neighbor> out(best.size());
    for (std::size_t i = out.size(); i-- > 0; best.pop()) out[i] = best.top();
    for (auto& nb : out) nb.distance = std::sqrt(nb.distance);
    return out;
  }

 private:
  struct node {
    Eigen::Index begin = 0, end = 0;  // the node's points: order_[begin, end)
    std::size_t left = 0;             // children at left and left + 1; 0 for a leaf
    Eigen::Index split_dim = 0;
    double split_value = 0;
  };

  void check_query(Eigen::Index size, const char* who) const {
    if (size != dims_)
      detail::misuse(who, "the query has " + std::to_string(size) + " dimensions, the tree " + std::to_string(dims_));
  }

  double squared_distance(Eigen::Index i, const double* q) const {
    double s = 0;
    const double* p = data_.data() + i * dims_;
    for (Eigen::Index j = 0; j < dims_; ++j) s += (p[j] - q[j]) * (p[j] - q[j]);
    return s;
  }

  /// Squared distance from q to the node's bounding box (0 inside it).
  double box_distance(const node& nd, const double* q) const {
    const double* box = box_.data() + static_cast<std::size_t>(&nd - nodes_.data()) * static_cast<std::size_t>(dims_) * 2;
    double s = 0;
    for (Eigen::Index j = 0; j < dims_; ++j) {
      const double lo = box[2 * j], hi = box[2 * j + 1];
      const double gap = q[j] < lo ? lo - q[j] : q[j] > hi ? q[j] - hi : 0.0;
      s += gap * gap;
    }
    return s;
  }

  /// Builds the subtree of order_[begin, end) iteratively (no recursion depth to worry about).
  void build(const matrix_ref& points, Eigen::Index begin, Eigen::Index end, Eigen::Index leaf_size) {
    std::vector<std::size_t> pending{0};
    nodes_.push_back({begin, end});
    while (!pending.empty()) {
      const std::size_t id = pending.back();
      pending.pop_back();
      const Eigen::Index b = nodes_[id].begin, e = nodes_[id].end;
      // The box is stored per node as (lo, hi) pairs, dims_ pairs in a row.
      box_.resize(nodes_.size() * static_cast<std::size_t>(dims_) * 2);
      Eigen::Index widest = 0;
      double widest_spread = -1;
      for (Eigen::Index j = 0; j < dims_; ++j) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (Eigen::Index i = b; i < e; ++i) {
          const double v = points(order_[static_cast<std::size_t>(i)], j);
          lo = std::min(lo, v), hi = std::max(hi, v);
        }
        double* box = box_.data() + id * static_cast<std::size_t>(dims_) * 2;
        box[2 * j] = lo;
        box[2 * j + 1] = hi;
        if (hi - lo > widest_spread) widest_spread = hi - lo, widest = j;
      }
      if (e - b <= leaf_size || widest_spread == 0) continue;  // identical points cannot be split
      const Eigen::Index mid = b + (e - b) / 2;
      std::nth_element(order_.begin() + b, order_.begin() + mid, order_.begin() + e,
                       [&](Eigen::Index p, Eigen::Index q) { return points(p, widest) < points(q, widest); });
      nodes_[id].split_dim = widest;
      nodes_[id].split_value = points(order_[static_cast<std::size_t>(mid)], widest);
      nodes_[id].left = nodes_.size();
      nodes_.push_back({b, mid});
      nodes_.push_back({mid, e});
      pending.push_back(nodes_[id].left);
      pending.push_back(nodes_[id].left + 1);
    }
  }

  Eigen::Index dims_;
  std::vector<Eigen::Index> order_;  // tree position -> original row
  std::vector<node> nodes_;          // nodes_[0] is the root
  std::vector<double> box_;
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> data_;
};

}  // namespace ml
AIOPS_END_NAMESPACE
