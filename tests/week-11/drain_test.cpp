// aiops: week 11 grader, tasks 1-4: masking, a simplified Drain, GA, and GA on datasets/logs
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>  // std::mt19937
#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/nlp/loghub.hpp>
#include <aiops/nlp/parse_metrics.hpp>
#include <aiops/week11/drain.hpp>

#include "datasets.hpp"

using namespace aiops::week11;

TEST_CASE("task-1: block ids, addresses, hex and numbers become <*>", "[week-11][task-1]") {
  INFO("Hint: exercises/week-11/README.md, task 1");
  CHECK(mask_line("Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010") ==
        "Receiving block <*> src: /<*> dest: /<*>");
  CHECK(mask_line("Received block blk_38865049064139660 of size 67108864 from /10.251.91.84") ==
        "Received block <*> of size <*> from /<*>");
  CHECK(mask_line("oom-killer: gfp_mask=0xd0, order=0") == "oom-killer: gfp_mask=<*>, order=<*>");
  CHECK(mask_line("Progress of TaskAttempt attempt_1445144423722_0020_m_000003_0 is : 0.46884628") ==
        "Progress of TaskAttempt attempt_1445144423722_0020_m_000003_0 is : <*>");
  CHECK(mask_line("Failed password for root from 61.177.172.140 port 2201 ssh2") == "Failed password for root from <*> port <*> ssh2");
  // Digits inside words and versions stay.
  CHECK(mask_line("eth0: link up, user1 logged in with ssh2, klogd v1.5") == "eth0: link up, user1 logged in with ssh2, klogd v1.5");
  CHECK(mask_line("no values here") == "no values here");
}

TEST_CASE("task-2: the simplified Drain groups, generalises and separates", "[week-11][task-2]") {
  INFO("Hint: exercises/week-11/README.md, task 2");
  simple_drain d(0.5);
  CHECK(d.add("Connection closed by <*> port <*>") == 1);
  CHECK(d.add("Connection closed by <*> port <*>") == 1);
  CHECK(d.template_of(1) == "Connection closed by <*> port <*>");
  CHECK(d.add("Connection reset by <*> port <*>") == 1);  // 5 of 6 tokens equal
  CHECK(d.template_of(1) == "Connection <*> by <*> port <*>");
  CHECK(d.add("Connection closed by <*> port <*> [preauth]") == 2);  // another length
  CHECK(d.add("Accepted password for root from <*> port <*> ssh2") == 3);  // another first token
  CHECK(d.add("Accepted publickey for deploy from <*> port <*> ssh2") == 3);  // 7 of 8 tokens equal
  CHECK(d.template_of(3) == "Accepted <*> for <*> from <*> port <*> ssh2");
  CHECK(d.add("Accepted nothing at all here, really, no, thanks") == 4);  // 1 of 8 equal: below 0.5
  CHECK(d.add("user42 logged in") == 5);
  CHECK(d.add("user7 logged in") == 5);  // a first token with a digit counts as <*>
  CHECK(d.template_of(5) == "<*> logged in");
  CHECK(d.cluster_count() == 5);
}

TEST_CASE("task-3: grouping accuracy counts messages whose cluster is exactly their event", "[week-11][task-3]") {
  INFO("Hint: exercises/week-11/README.md, task 3");
  CHECK(grouping_accuracy({"E1", "E1", "E2", "E2", "E3"}, {7, 7, 3, 3, 3}) == Approx(0.4));
  CHECK(grouping_accuracy({"E1", "E1", "E1"}, {1, 1, 2}) == 0.0);  // a split event: no message is right
  CHECK(grouping_accuracy({"E1", "E1", "E2"}, {5, 5, 9}) == 1.0);
  // Against the library on random labellings.
  std::mt19937 gen(11);
  for (int round = 0; round < 200; ++round) {
    const std::size_t n = 1 + gen() % 40;
    std::vector<std::string> truth;
    std::vector<std::size_t> predicted;
    std::vector<int> truth_ids, predicted_ids;
    for (std::size_t i = 0; i < n; ++i) {
      truth_ids.push_back(static_cast<int>(gen() % 4));
      predicted_ids.push_back(static_cast<int>(gen() % 5));
      truth.push_back("E" + std::to_string(truth_ids.back()));
      predicted.push_back(static_cast<std::size_t>(predicted_ids.back()) + 1);
    }
    CAPTURE(round);
    CHECK(grouping_accuracy(truth, predicted) == Approx(aiops::nlp::grouping_accuracy(truth_ids, predicted_ids)));
  }
}

namespace {
// GA of cluster_messages on a bundled dataset, computed with the library's metric.
double dataset_ga(const std::string& system, double similarity) {
  const auto log = aiops::nlp::read_structured_csv(aiops::testing::dataset("logs/" + system + ".log_structured.csv"));
  const std::vector<std::size_t> ids = cluster_messages(log.contents, similarity);
  REQUIRE(ids.size() == log.contents.size());
  const std::vector<int> predicted(ids.begin(), ids.end());
  return aiops::nlp::grouping_accuracy(aiops::nlp::to_labels(log.event_ids), predicted);
}
}  // namespace

TEST_CASE("task-4: GA >= 0.9 on the Linux system log", "[week-11][task-4]") {
  INFO("Hint: exercises/week-11/README.md, task 4");
  CHECK(dataset_ga("linux/Linux", 0.5) >= 0.9);
}

TEST_CASE("task-4: GA >= 0.9 on the Hadoop application masters", "[week-11][task-4]") {
  INFO("Hint: exercises/week-11/README.md, task 4");
  CHECK(dataset_ga("hadoop/Hadoop", 0.5) >= 0.9);
}

TEST_CASE("task-4: GA >= 0.8 on the Apache error log", "[week-11][task-4]") {
  INFO("Hint: exercises/week-11/README.md, task 4");
  CHECK(dataset_ga("apache/Apache", 0.5) >= 0.8);
}
