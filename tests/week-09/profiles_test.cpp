// aiops: week 09 grader, tasks 3-5: daily host profiles, classified and clustered by the host's role
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::max
#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/ml.hpp>
#include <aiops/week09/profiles.hpp>

#include "metrics.hpp"

namespace {

const std::vector<std::string> hosts = {"web-01", "web-02", "db-01", "batch-01"};

aiops::week09::host_metrics load(const std::string& host) {
  aiops::week09::host_metrics h;
  h.host = host;
  h.start = metrics_data::start();
  h.cpu = metrics_data::series(host + "/cpu");
  h.memory = metrics_data::series(host + "/memory");
  h.disk_io = metrics_data::series(host + "/disk_io");
  h.requests = metrics_data::series(host + "/requests");
  return h;
}

// Every host's day profiles, stacked, with the host index of each row.
struct stacked {
  Eigen::MatrixXd x;
  Eigen::VectorXi host;
};
stacked all_profiles() {
  std::vector<Eigen::MatrixXd> parts;
  Eigen::Index rows = 0;
  for (const std::string& h : hosts) {
    parts.push_back(aiops::week09::day_profiles(load(h)));
    rows += parts.back().rows();
  }
  stacked s{Eigen::MatrixXd(rows, parts[0].cols()), Eigen::VectorXi(rows)};
  Eigen::Index at = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    REQUIRE(parts[k].cols() == parts[0].cols());
    s.x.middleRows(at, parts[k].rows()) = parts[k];
    s.host.segment(at, parts[k].rows()).setConstant(static_cast<int>(k));
    at += parts[k].rows();
  }
  return s;
}

// 0 web server (web-01, web-02), 1 database, 2 batch worker.
Eigen::VectorXi roles(const Eigen::VectorXi& host) { return host.unaryExpr([](int h) { return std::max(0, h - 1); }); }

}  // namespace

TEST_CASE("task-3: one finite profile row per day, different for different hosts", "[week-09][task-3]") {
  INFO("Hint: exercises/week-09/README.md, task 3");
  const stacked s = all_profiles();
  REQUIRE(s.x.rows() == 4 * 28);
  CHECK(s.x.cols() >= 2);
  CHECK(s.x.allFinite());
  // The average profile of the database is not the web server's.
  const Eigen::RowVectorXd web = s.x.topRows(28).colwise().mean(), db = s.x.middleRows(56, 28).colwise().mean();
  CHECK((web - db).norm() > 1e-6);
}

TEST_CASE("task-4: classify days by the host's role, on a later week and on a host never seen", "[week-09][task-4]") {
  INFO("Hint: exercises/week-09/README.md, task 4");
  const stacked s = all_profiles();
  const Eigen::VectorXi role = roles(s.host);
  const auto check = [&](const std::string& what, auto in_test) {
    std::vector<Eigen::Index> train, test;
    for (Eigen::Index r = 0; r < s.x.rows(); ++r) (in_test(r) ? test : train).push_back(r);
    const Eigen::VectorXi predicted = aiops::week09::classify_days(s.x(train, Eigen::all), role(train), s.x(test, Eigen::all));
    REQUIRE(predicted.size() == static_cast<Eigen::Index>(test.size()));
    const double accuracy = aiops::ml::accuracy_score(role(test), predicted);
    INFO(what << ": accuracy " << accuracy);
    CHECK(accuracy >= 0.9);
  };
  check("trained on weeks 1-3, tested on week 4", [](Eigen::Index r) { return r % 28 >= 21; });
  check("web-02 never seen (a new web server)", [&](Eigen::Index r) { return s.host[r] == 1; });
  check("web-01 never seen", [&](Eigen::Index r) { return s.host[r] == 0; });
}

TEST_CASE("task-5: clusters of days follow the hosts' roles (web, database, batch)", "[week-09][task-5]") {
  INFO("Hint: exercises/week-09/README.md, task 5");
  const stacked s = all_profiles();
  const Eigen::VectorXi role = roles(s.host);
  const Eigen::VectorXi clusters = aiops::week09::cluster_days(s.x, 3);
  REQUIRE(clusters.size() == s.x.rows());
  const double purity = aiops::ml::purity_score(role, clusters);
  const double ari = aiops::ml::adjusted_rand_score(role, clusters);
  INFO("purity " << purity << ", ARI " << ari);
  CHECK(purity >= 0.95);
  CHECK(ari >= 0.8);
}
