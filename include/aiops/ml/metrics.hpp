// aiops: regression, classification, ranking and clustering metrics, defined as scikit-learn defines them
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::unique, std::lower_bound, std::max
#include <cmath>      // std::abs, std::sqrt, std::log, std::isfinite
#include <cstdint>    // std::int64_t
#include <limits>     // std::numeric_limits
#include <numeric>    // std::iota
#include <string>     // std::string, std::to_string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

namespace detail {

inline void check_pair(Eigen::Index a, Eigen::Index b, const char* who) {
  if (a != b) misuse(who, "y_true has " + std::to_string(a) + " values but the other argument has " + std::to_string(b));
  if (a == 0) misuse(who, "no samples");
}

inline void check_regression(const vector_ref& y_true, const vector_ref& y_pred, const char* who) {
  check_pair(y_true.size(), y_pred.size(), who);
  check_finite(y_true, who, "y_true");
  check_finite(y_pred, who, "y_pred");
}

/// The sorted distinct values of one or two label vectors.
inline std::vector<int> distinct_labels(const labels_ref& a, const labels_ref* b = nullptr) {
  std::vector<int> out(a.data(), a.data() + a.size());
  if (b) out.insert(out.end(), b->data(), b->data() + b->size());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

inline Eigen::Index label_index(const std::vector<int>& labels, int label) {
  return std::lower_bound(labels.begin(), labels.end(), label) - labels.begin();
}

/// True and false positives above each distinct score, scores in decreasing order: the points
/// where a ranking curve turns. Tied scores form one point, which is how ties get half credit.
struct ranking_points {
  std::vector<double> thresholds;
  std::vector<double> true_positives;
  std::vector<double> false_positives;
};

inline ranking_points rank_scores(const labels_ref& y_true, const vector_ref& scores, int pos_label, const char* who) {
  check_pair(y_true.size(), scores.size(), who);
  check_finite(scores, who, "scores");
  std::vector<Eigen::Index> order(static_cast<std::size_t>(scores.size()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return scores[a] > scores[b]; });
  ranking_points p;
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    (y_true[order[i]] == pos_label ? tp : fp) += 1;
    if (i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]]) {
      p.thresholds.push_back(scores[order[i]]);
      p.true_positives.push_back(tp);
      p.false_positives.push_back(fp);
    }
  }
  if (tp == 0) misuse(who, "y_true has no positive sample (label " + std::to_string(pos_label) + ")");
  return p;
}

/// The non-zero cells of a contingency table (true label, predicted label) -> count, with the
/// marginals. Kept sparse because text clusterings can have thousands of clusters on each side.
struct contingency {
  struct cell {
    std::size_t row, col;
    double count;
  };
  std::vector<cell> cells;
  std::vector<double> row_sums;  // samples per true class
  std::vector<double> col_sums;  // samples per predicted cluster
  double n = 0;
};

inline contingency make_contingency(const labels_ref& labels_true, const labels_ref& labels_pred, const char* who) {
  check_pair(labels_true.size(), labels_pred.size(), who);
  const std::vector<int> rows = distinct_labels(labels_true), cols = distinct_labels(labels_pred);
  std::vector<std::pair<std::size_t, std::size_t>> pairs(static_cast<std::size_t>(labels_true.size()));
  for (Eigen::Index i = 0; i < labels_true.size(); ++i)
    pairs[static_cast<std::size_t>(i)] = {static_cast<std::size_t>(label_index(rows, labels_true[i])),
                                          static_cast<std::size_t>(label_index(cols, labels_pred[i]))};
  std::sort(pairs.begin(), pairs.end());
  contingency c;
  c.n = static_cast<double>(pairs.size());
  c.row_sums.assign(rows.size(), 0.0);
  c.col_sums.assign(cols.size(), 0.0);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    if (i == 0 || pairs[i] != pairs[i - 1]) c.cells.push_back({pairs[i].first, pairs[i].second, 0.0});
    c.cells.back().count += 1;
    c.row_sums[pairs[i].first] += 1;
    c.col_sums[pairs[i].second] += 1;
  }
  return c;
}

inline double mutual_info(const contingency& c) {
  double mi = 0;
  for (const auto& cell : c.cells)
    mi += cell.count / c.n * std::log(c.n * cell.count / (c.row_sums[cell.row] * c.col_sums[cell.col]));
  return std::max(mi, 0.0);  // rounding can leave -1e-17 for independent labellings
}

inline double entropy_of(const std::vector<double>& counts, double n) {
  double h = 0;
  for (double c : counts)
    if (c > 0) h -= (c / n) * std::log(c / n);
  return h;
}

}  // namespace detail

// ---- regression ---------------------------------------------------------------------------

/// Mean of |y_true - y_pred|. @throws std::invalid_argument on different sizes, no samples, NaN.
inline double mean_absolute_error(const vector_ref& y_true, const vector_ref& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_absolute_error");
  return (y_true - y_pred).cwiseAbs().mean();
}

/// Mean of (y_true - y_pred)^2.
inline double mean_squared_error(const vector_ref& y_true, const vector_ref& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_squared_error");
  return (y_true - y_pred).squaredNorm() / static_cast<double>(y_true.size());
}

/// Square root of the mean squared error, in the unit of y.
inline double root_mean_squared_error(const vector_ref& y_true, const vector_ref& y_pred) {
  return std::sqrt(mean_squared_error(y_true, y_pred));
}

/// Mean of |y_true - y_pred| / max(|y_true|, machine epsilon), as a fraction (0.05 is 5 %), like
/// scikit-learn: a zero true value gives a huge term rather than a division by zero.
inline double mean_absolute_percentage_error(const vector_ref& y_true, const vector_ref& y_pred) {
  detail::check_regression(y_true, y_pred, "mean_absolute_percentage_error");
  const double eps = std::numeric_limits<double>::epsilon();
  return ((y_true - y_pred).cwiseAbs().array() / y_true.cwiseAbs().array().max(eps)).mean();
}

/// Coefficient of determination 1 - SS_res / SS_tot. A constant y_true gives 1 when predicted
/// exactly and 0 otherwise (scikit-learn's force_finite), never a division by zero.
inline double r2_score(const vector_ref& y_true, const vector_ref& y_pred) {
  detail::check_regression(y_true, y_pred, "r2_score");
  const double ss_res = (y_true - y_pred).squaredNorm();
  const double ss_tot = (y_true.array() - y_true.mean()).square().sum();
  if (ss_tot == 0) return ss_res == 0 ? 1.0 : 0.0;
  return 1.0 - ss_res / ss_tot;
}

// ---- classification -----------------------------------------------------------------------

/// Fraction of samples whose predicted label equals the true one.
inline double accuracy_score(const labels_ref& y_true, const labels_ref& y_pred) {
  detail::check_pair(y_true.size(), y_pred.size(), "accuracy_score");
  return static_cast<double>((y_true.array() == y_pred.array()).count()) / static_cast<double>(y_true.size());
}

/// Counts of (true label, predicted label): `counts(i, j)` samples of class `labels[i]` were
/// predicted as `labels[j]`; `labels` are the sorted labels seen in either vector.
struct confusion {
  std::vector<int> labels;
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> counts;
};

/// The confusion matrix of a classification (rows: truth, columns: prediction), like scikit-learn's.
inline confusion confusion_matrix(const labels_ref& y_true, const labels_ref& y_pred) {
  detail::check_pair(y_true.size(), y_pred.size(), "confusion_matrix");
  confusion c;
  c.labels = detail::distinct_labels(y_true, &y_pred);
  const auto k = static_cast<Eigen::Index>(c.labels.size());
  c.counts.setZero(k, k);
  for (Eigen::Index i = 0; i < y_true.size(); ++i)
    ++c.counts(detail::label_index(c.labels, y_true[i]), detail::label_index(c.labels, y_pred[i]));
  return c;
}

/// How per-class precision, recall and F1 become one number (scikit-learn's `average`).
enum class average {
  binary,    ///< the class `pos_label` only; the labels must be at most two distinct values
  macro,     ///< unweighted mean over the labels seen in y_true or y_pred
  micro,     ///< from the global counts of true positives, false positives and false negatives
  weighted,  ///< mean over labels weighted by their number of true samples
};

/// Precision, recall and F1 of one classification, averaged as asked.
struct classification_scores {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

/// Precision, recall and F1 in one pass. A ratio with a zero denominator counts as 0 (scikit-learn's
/// zero_division=0). @throws std::invalid_argument for average::binary with more than two labels, or
/// two labels of which none is `pos_label`.
inline classification_scores precision_recall_f1(const labels_ref& y_true, const labels_ref& y_pred,
                                                 average avg = average::binary, int pos_label = 1) {
  const confusion c = confusion_matrix(y_true, y_pred);
  const auto k = static_cast<Eigen::Index>(c.labels.size());
  const auto ratio = [](double num, double den) { return den > 0 ? num / den : 0.0; };
  const auto f1_of = [&](double p, double r) { return ratio(2 * p * r, p + r); };
  Eigen::ArrayXd tp(k), predicted(k), actual(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    tp[j] = static_cast<double>(c.counts(j, j));
    predicted[j] = static_cast<double>(c.counts.col(j).sum());
    actual[j] = static_cast<double>(c.counts.row(j).sum());
  }
  classification_scores s;
  switch (avg) {
    case average::binary: {
      if (k > 2) detail::misuse("precision_recall_f1", "average::binary needs at most two labels, got " + std::to_string(k));
      const Eigen::Index j = detail::label_index(c.labels, pos_label);
      const bool seen = j < k && c.labels[static_cast<std::size_t>(j)] == pos_label;
      if (!seen && k == 2)
        detail::misuse("precision_recall_f1", "pos_label " + std::to_string(pos_label) + " is not one of the two labels");
      if (seen) {
        s.precision = ratio(tp[j], predicted[j]);
        s.recall = ratio(tp[j], actual[j]);
      }
      break;
    }
    case average::micro:
      s.precision = ratio(tp.sum(), predicted.sum());
      s.recall = ratio(tp.sum(), actual.sum());
      break;
    case average::macro:
    case average::weighted: {
      const Eigen::ArrayXd w = avg == average::macro ? Eigen::ArrayXd::Ones(k) : actual;
      double p = 0, r = 0, f = 0;
      for (Eigen::Index j = 0; j < k; ++j) {
        const double pj = ratio(tp[j], predicted[j]), rj = ratio(tp[j], actual[j]);
        p += w[j] * pj;
        r += w[j] * rj;
        f += w[j] * f1_of(pj, rj);
      }
      return {p / w.sum(), r / w.sum(), f / w.sum()};
    }
  }
  s.f1 = f1_of(s.precision, s.recall);
  return s;
}

/// tp / (tp + fp), averaged as asked (binary: of class `pos_label`).
inline double precision_score(const labels_ref& y_true, const labels_ref& y_pred, average avg = average::binary,
                              int pos_label = 1) {
  return precision_recall_f1(y_true, y_pred, avg, pos_label).precision;
}

/// tp / (tp + fn), averaged as asked (binary: of class `pos_label`).
inline double recall_score(const labels_ref& y_true, const labels_ref& y_pred, average avg = average::binary,
                           int pos_label = 1) {
  return precision_recall_f1(y_true, y_pred, avg, pos_label).recall;
}

/// Harmonic mean of precision and recall, averaged as asked (macro averages the per-class F1s).
inline double f1_score(const labels_ref& y_true, const labels_ref& y_pred, average avg = average::binary,
                       int pos_label = 1) {
  return precision_recall_f1(y_true, y_pred, avg, pos_label).f1;
}

// ---- ranking (scores of a binary problem) ---------------------------------------------------

/// A ROC curve: false and true positive rates when predicting positive for score >= thresholds[i].
/// The first point is (0, 0) at threshold +infinity; one point per distinct score after that.
struct roc {
  std::vector<double> fpr;
  std::vector<double> tpr;
  std::vector<double> thresholds;
};

/// The ROC curve of `scores` (higher = more positive) against `y_true` (positive: `pos_label`).
/// @throws std::invalid_argument when y_true has no positive or no negative sample.
inline roc roc_curve(const labels_ref& y_true, const vector_ref& scores, int pos_label = 1) {
  const detail::ranking_points p = detail::rank_scores(y_true, scores, pos_label, "roc_curve");
  const double positives = p.true_positives.back(), negatives = p.false_positives.back();
  if (negatives == 0) detail::misuse("roc_curve", "y_true has no negative sample");
  roc r;
  r.fpr.push_back(0);
  r.tpr.push_back(0);
  r.thresholds.push_back(std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < p.thresholds.size(); ++i) {
    r.fpr.push_back(p.false_positives[i] / negatives);
    r.tpr.push_back(p.true_positives[i] / positives);
    r.thresholds.push_back(p.thresholds[i]);
  }
  return r;
}

/// Area under the ROC curve by the trapezoidal rule over distinct scores, so a tie between a
/// positive and a negative counts one half (scikit-learn's `roc_auc_score` for binary y).
/// @throws std::invalid_argument when y_true has a single class.
inline double roc_auc_score(const labels_ref& y_true, const vector_ref& scores, int pos_label = 1) {
  const roc r = roc_curve(y_true, scores, pos_label);
  double area = 0;
  for (std::size_t i = 1; i < r.fpr.size(); ++i) area += (r.fpr[i] - r.fpr[i - 1]) * (r.tpr[i] + r.tpr[i - 1]) / 2;
  return area;
}

/// A precision-recall curve in scikit-learn's order: thresholds increasing, recall decreasing, and
/// a last point (recall 0, precision 1) without a threshold.
struct pr_curve {
  std::vector<double> precision;
  std::vector<double> recall;
  std::vector<double> thresholds;
};

/// Precision and recall when predicting positive for score >= each distinct score, stopping at
/// full recall (scikit-learn's `precision_recall_curve`).
/// @throws std::invalid_argument when y_true has no positive sample.
inline pr_curve precision_recall_curve(const labels_ref& y_true, const vector_ref& scores, int pos_label = 1) {
  const detail::ranking_points p = detail::rank_scores(y_true, scores, pos_label, "precision_recall_curve");
  const double positives = p.true_positives.back();
  std::size_t last = 0;  // the first point that reaches full recall: lower thresholds add nothing
  while (p.true_positives[last] < positives) ++last;
  pr_curve c;
  for (std::size_t i = last + 1; i-- > 0;) {
    c.precision.push_back(p.true_positives[i] / (p.true_positives[i] + p.false_positives[i]));
    c.recall.push_back(p.true_positives[i] / positives);
    c.thresholds.push_back(p.thresholds[i]);
  }
  c.precision.push_back(1);
  c.recall.push_back(0);
  return c;
}

/// Average precision, the PR-AUC as scikit-learn defines it: sum over distinct scores of
/// (R_n - R_{n-1}) * P_n, a step function with no interpolation between points.
/// @throws std::invalid_argument when y_true has no positive sample.
inline double average_precision_score(const labels_ref& y_true, const vector_ref& scores, int pos_label = 1) {
  const detail::ranking_points p = detail::rank_scores(y_true, scores, pos_label, "average_precision_score");
  const double positives = p.true_positives.back();
  double ap = 0, previous_recall = 0;
  for (std::size_t i = 0; i < p.thresholds.size(); ++i) {
    const double recall = p.true_positives[i] / positives;
    ap += (recall - previous_recall) * p.true_positives[i] / (p.true_positives[i] + p.false_positives[i]);
    previous_recall = recall;
  }
  return ap;
}

// ---- clustering (labels are arbitrary ints; DBSCAN's noise -1 counts as one more cluster) -----

/// Fraction of samples that belong to the majority true class of their predicted cluster.
inline double purity_score(const labels_ref& labels_true, const labels_ref& labels_pred) {
  const detail::contingency c = detail::make_contingency(labels_true, labels_pred, "purity_score");
  std::vector<double> majority(c.col_sums.size(), 0.0);
  for (const auto& cell : c.cells) majority[cell.col] = std::max(majority[cell.col], cell.count);
  double sum = 0;
  for (double m : majority) sum += m;
  return sum / c.n;
}

/// Mutual information between two labellings, in nats.
inline double mutual_info_score(const labels_ref& labels_true, const labels_ref& labels_pred) {
  return detail::mutual_info(detail::make_contingency(labels_true, labels_pred, "mutual_info_score"));
}

/// Mutual information normalised by the arithmetic mean of the two entropies (scikit-learn's
/// default): 1 for identical partitions (whatever the label values), 0 for independent ones.
/// Two single-cluster labellings score 1; one single cluster against a split scores 0.
inline double normalized_mutual_info_score(const labels_ref& labels_true, const labels_ref& labels_pred) {
  const detail::contingency c = detail::make_contingency(labels_true, labels_pred, "normalized_mutual_info_score");
  if (c.row_sums.size() == 1 && c.col_sums.size() == 1) return 1.0;
  const double mi = detail::mutual_info(c);
  if (mi == 0) return 0.0;
  const double mean_entropy = (detail::entropy_of(c.row_sums, c.n) + detail::entropy_of(c.col_sums, c.n)) / 2;
  return mi / std::max(mean_entropy, std::numeric_limits<double>::epsilon());
}

/// Rand index adjusted for chance (Hubert and Arabie): 1 for identical partitions, about 0 for
/// random ones, negative when worse than chance. Pair counts are doubles: no overflow on big inputs.
inline double adjusted_rand_score(const labels_ref& labels_true, const labels_ref& labels_pred) {
  const detail::contingency c = detail::make_contingency(labels_true, labels_pred, "adjusted_rand_score");
  double cells = 0, rows = 0, cols = 0;
  for (const auto& cell : c.cells) cells += cell.count * cell.count;
  for (double r : c.row_sums) rows += r * r;
  for (double k : c.col_sums) cols += k * k;
  // Ordered pairs of samples: together in both, in truth only, in prediction only, in neither.
  const double together_both = cells - c.n;
  const double truth_only = rows - cells;
  const double pred_only = cols - cells;
  const double neither = c.n * c.n - truth_only - pred_only - cells;
  if (truth_only == 0 && pred_only == 0) return 1.0;
  return 2.0 * (together_both * neither - truth_only * pred_only) /
         ((together_both + truth_only) * (truth_only + neither) + (together_both + pred_only) * (pred_only + neither));
}

}  // namespace ml
AIOPS_END_NAMESPACE
