// aiops: k-means, DBSCAN and the k-d tree on data with a known answer
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort
#include <cmath>      // std::cos, std::sin
#include <numbers>    // std::numbers::pi
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/ml/dbscan.hpp"
#include "aiops/ml/kd_tree.hpp"
#include "aiops/ml/kmeans.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/random.hpp"

namespace ml = aiops::ml;

namespace {

struct labelled {
  Eigen::MatrixXd x;
  Eigen::VectorXi y;
};

/// `per` points around each centre (rows of `centres`), standard deviation `sd`.
labelled blobs(const Eigen::MatrixXd& centres, Eigen::Index per, double sd, std::uint64_t seed) {
  ml::rng gen(seed);
  labelled d{Eigen::MatrixXd(centres.rows() * per, centres.cols()), Eigen::VectorXi(centres.rows() * per)};
  for (Eigen::Index i = 0; i < d.x.rows(); ++i) {
    d.y[i] = static_cast<int>(i / per);
    for (Eigen::Index j = 0; j < d.x.cols(); ++j) d.x(i, j) = centres(i / per, j) + gen.normal(0, sd);
  }
  return d;
}

/// scikit-learn's make_moons (two interleaved half circles, noise 0.05) plus `outliers` points
/// at least 0.4 away from every moon point, labelled -1.
labelled moons(Eigen::Index per, Eigen::Index outliers, std::uint64_t seed) {
  ml::rng gen(seed);
  const Eigen::Index n = 2 * per;
  labelled d{Eigen::MatrixXd(n + outliers, 2), Eigen::VectorXi(n + outliers)};
  for (Eigen::Index i = 0; i < per; ++i) {
    const double t = std::numbers::pi * static_cast<double>(i) / static_cast<double>(per - 1);
    d.x.row(i) << std::cos(t) + gen.normal(0, 0.05), std::sin(t) + gen.normal(0, 0.05);
    d.x.row(per + i) << 1 - std::cos(t) + gen.normal(0, 0.05), 0.5 - std::sin(t) + gen.normal(0, 0.05);
    d.y[i] = 0;
    d.y[per + i] = 1;
  }
  for (Eigen::Index k = n; k < n + outliers;) {
    const Eigen::RowVector2d p(gen.uniform(-2, 3), gen.uniform(-1.5, 2));
    if ((d.x.topRows(n).rowwise() - p).rowwise().norm().minCoeff() < 0.4) continue;
    d.x.row(k) = p;
    d.y[k++] = -1;
  }
  return d;
}

}  // namespace

TEST_CASE("kmeans recovers separated blobs (ARI 1), deterministically", "[ml][kmeans]") {
  Eigen::MatrixXd centres(4, 3);
  centres << 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10;
  const labelled d = blobs(centres, 250, 1.0, 21);
  ml::kmeans km({.n_clusters = 4, .seed = 5});
  const Eigen::VectorXi labels = km.fit_predict(d.x);
  CHECK(ml::adjusted_rand_score(d.y, labels) == 1.0);
  // Every found centre is within 0.2 of a true one.
  for (Eigen::Index c = 0; c < 4; ++c)
    CHECK((centres.rowwise() - km.cluster_centers().row(c)).rowwise().norm().minCoeff() < 0.2);
  // Inertia is the sum of squared distances to the assigned centres.
  double sse = 0;
  for (Eigen::Index i = 0; i < d.x.rows(); ++i) sse += (d.x.row(i) - km.cluster_centers().row(labels[i])).squaredNorm();
  CHECK(km.inertia() == Approx(sse));
  CHECK(km.score(d.x) == Approx(-sse));
  CHECK(km.predict(d.x) == labels);
  const Eigen::MatrixXd dist = km.transform(d.x.topRows(5));
  CHECK(dist.rows() == 5);
  CHECK(dist.cols() == 4);
  CHECK(dist(0, labels[0]) == Approx(std::sqrt((d.x.row(0) - km.cluster_centers().row(labels[0])).squaredNorm())));

  // The same seed gives the same answer; restarts never do worse than the first run alone.
  ml::kmeans again({.n_clusters = 4, .seed = 5});
  again.fit(d.x);
  CHECK(again.cluster_centers() == km.cluster_centers());
  const Eigen::MatrixXd hard = blobs(Eigen::MatrixXd::Zero(1, 2), 500, 1.0, 22).x;  // no true clusters
  const double one = ml::kmeans({.n_clusters = 7, .n_init = 1, .seed = 3}).fit(hard).inertia();
  const double ten = ml::kmeans({.n_clusters = 7, .n_init = 10, .seed = 3}).fit(hard).inertia();
  CHECK(ten <= one);
}

TEST_CASE("kmeans: duplicate points, k = n, and misuse", "[ml][kmeans]") {
  // Two distinct points for three clusters: seeding duplicates a centre, the empty cluster is re-seeded.
  Eigen::MatrixXd dup(6, 2);
  dup << 0, 0, 0, 0, 0, 0, 0, 0, 10, 10, 10, 10;
  ml::kmeans km({.n_clusters = 3, .seed = 1});
  km.fit(dup);
  CHECK(km.inertia() == 0.0);
  CHECK(km.labels().minCoeff() >= 0);
  CHECK(km.labels().maxCoeff() < 3);
  CHECK(km.labels()[0] != km.labels()[5]);

  const Eigen::MatrixXd five = blobs(Eigen::MatrixXd::Zero(1, 2), 5, 1.0, 23).x;
  CHECK(ml::kmeans({.n_clusters = 5}).fit(five).inertia() == Approx(0.0).margin(1e-12));
  CHECK_THROWS_AS(ml::kmeans({.n_clusters = 6}).fit(five), std::invalid_argument);
  CHECK_THROWS_AS(ml::kmeans({.n_clusters = 0}), std::invalid_argument);
  CHECK_THROWS_AS(ml::kmeans().predict(five), std::invalid_argument);
}

TEST_CASE("dbscan finds two moons and the noise around them", "[ml][dbscan]") {
  const labelled d = moons(200, 20, 31);
  for (auto search : {ml::neighbor_search::kd_tree, ml::neighbor_search::brute}) {
    ml::dbscan db({.eps = 0.2, .min_samples = 5, .search = search});
    const Eigen::VectorXi labels = db.fit_predict(d.x);
    CHECK(db.n_clusters() == 2);
    CHECK(ml::adjusted_rand_score(d.y, labels) == 1.0);  // noise included: -1 exactly on the outliers
    CHECK((labels.tail(20).array() == ml::dbscan::noise).all());
    CHECK(db.core_sample_indices().size() > 350);
    CHECK(std::is_sorted(db.core_sample_indices().begin(), db.core_sample_indices().end()));
  }
  // k-means cannot follow the curved shapes: the point of DBSCAN.
  const Eigen::VectorXi km = ml::kmeans({.n_clusters = 2, .seed = 1}).fit_predict(d.x.topRows(400));
  CHECK(ml::adjusted_rand_score(d.y.head(400), km) < 0.6);
}

TEST_CASE("dbscan: core, border and noise points by hand", "[ml][dbscan]") {
  // 0..3 within 1 of each other; 4 is 1 from 3 only (border); 5 is alone (noise).
  Eigen::MatrixXd x(6, 1);
  x << 0, 0.5, 1, 1.5, 2.5, 9;
  ml::dbscan db({.eps = 1.0, .min_samples = 3});
  db.fit(x);
  CHECK(db.labels() == (Eigen::VectorXi(6) << 0, 0, 0, 0, 0, -1).finished());
  CHECK(db.core_sample_indices() == std::vector<Eigen::Index>{0, 1, 2, 3});
  // min_samples 1: every point is core, the lone point its own cluster.
  CHECK(ml::dbscan({.eps = 1.0, .min_samples = 1}).fit(x).n_clusters() == 2);
  CHECK_THROWS_AS(ml::dbscan({.eps = 0}), std::invalid_argument);
}

TEST_CASE("kd_tree radius and nearest queries equal brute force", "[ml][kd_tree]") {
  const Eigen::MatrixXd x = blobs(Eigen::MatrixXd::Zero(1, 3), 2000, 1.0, 41).x;
  const ml::kd_tree tree(x, 8);
  CHECK(tree.size() == 2000);
  for (Eigen::Index q : {0, 17, 999, 1999}) {
    const Eigen::VectorXd d = (x.rowwise() - x.row(q)).rowwise().norm();
    std::vector<Eigen::Index> expected;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (d[i] <= 0.6) expected.push_back(i);
    CHECK(tree.radius(x.row(q), 0.6) == expected);

    std::vector<Eigen::Index> order(2000);
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return d[a] != d[b] ? d[a] < d[b] : a < b; });
    const std::vector<ml::neighbor> near = tree.nearest(x.row(q), 10);
    REQUIRE(near.size() == 10);
    for (std::size_t k = 0; k < 10; ++k) {
      CHECK(near[k].index == order[k]);
      CHECK(near[k].distance == Approx(d[order[k]]));
    }
  }
  // All points identical: the tree must not try to split them forever.
  const ml::kd_tree same(Eigen::MatrixXd::Ones(100, 2), 4);
  CHECK(same.radius(Eigen::RowVector2d(1, 1), 0.0).size() == 100);
  CHECK(same.nearest(Eigen::RowVector2d(0, 0), 200).size() == 100);
  CHECK_THROWS_AS(tree.radius(Eigen::RowVector2d(0, 0), 1.0), std::invalid_argument);
}
