// aiops: tests of nlp TF-IDF: values equal to scikit-learn's TfidfVectorizer on a small corpus, vocabulary limits, cosine
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort
#include <cmath>      // std::log
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <aiops/core/strings.hpp>
#include <aiops/nlp/tfidf.hpp>

namespace nlp = aiops::nlp;

namespace {

// The expected numbers come from scikit-learn 1.2.1:
//   TfidfVectorizer(analyzer=str.split, **options).fit_transform(corpus)
std::vector<std::vector<std::string>> corpus() {
  std::vector<std::vector<std::string>> out;
  for (const char* text : {"failed password for root from <*>", "failed password for admin from <*> <*>",
                           "accepted password for root", "session opened for user root",
                           "session closed for user root root"}) {
    out.emplace_back();
    for (std::string_view w : aiops::split_ws(text)) out.back().emplace_back(w);
  }
  return out;
}

void check_row(const nlp::sparse_vector& row, std::vector<std::pair<std::uint32_t, double>> expected) {
  std::sort(expected.begin(), expected.end());
  REQUIRE(row.size() == expected.size());
  for (std::size_t i = 0; i < row.size(); ++i) {
    CHECK(row[i].index == expected[i].first);
    CHECK(row[i].value == Approx(expected[i].second).epsilon(1e-10));
  }
}

const std::vector<std::string> full_vocabulary = {"<*>", "accepted", "admin", "closed", "failed", "for",
                                                  "from", "opened", "password", "root", "session", "user"};

}  // namespace

TEST_CASE("tfidf with scikit-learn's defaults: sorted vocabulary, smooth idf, l2 rows", "[nlp][tfidf]") {
  const auto docs = corpus();
  nlp::tfidf v;
  const auto x = v.fit_transform(docs);
  CHECK(v.vocabulary() == full_vocabulary);
  // Smooth idf by hand: "for" is in all 5 documents, ln(6/6) + 1; "accepted" in 1, ln(6/2) + 1.
  CHECK(v.idf()[5] == Approx(1.0));
  CHECK(v.idf()[1] == Approx(std::log(3.0) + 1));
  CHECK(v.idf()[9] == Approx(1.182321556794));
  check_row(x[0], {{0, 0.470074645616}, {6, 0.470074645616}, {9, 0.328252258985}, {5, 0.277633658203}, {8, 0.390204419441}, {4, 0.470074645616}});
  check_row(x[1], {{2, 0.423293267477}, {0, 0.683020685858}, {6, 0.341510342929}, {5, 0.201701509975}, {8, 0.283484434523}, {4, 0.341510342929}});
  check_row(x[4], {{3, 0.513091187552}, {11, 0.413958739432}, {10, 0.413958739432}, {9, 0.578133250167}, {5, 0.244490700032}});
  CHECK(nlp::norm(x[3]) == Approx(1.0));
  CHECK(v.index_of("root") == 9u);
  CHECK_FALSE(v.index_of("nobody"));
}

TEST_CASE("tfidf options: sublinear tf, plain idf, min_df/max_df, max_features", "[nlp][tfidf]") {
  const auto docs = corpus();
  SECTION("sublinear_tf") {
    const auto x = nlp::tfidf({.sublinear_tf = true}).fit_transform(docs);
    check_row(x[1], {{2, 0.454385172152}, {0, 0.620699452947}, {6, 0.366595095851}, {5, 0.216516969145}, {8, 0.304307045446}, {4, 0.366595095851}});
    check_row(x[4], {{3, 0.539258333745}, {11, 0.435070228219}, {10, 0.435070228219}, {9, 0.514392909542}, {5, 0.256959485397}});
  }
  SECTION("smooth_idf off") {
    nlp::tfidf v({.smooth_idf = false});
    const auto x = v.fit_transform(docs);
    CHECK(v.idf()[1] == Approx(std::log(5.0) + 1));
    check_row(x[2], {{1, 0.76655922573}, {9, 0.359315686027}, {5, 0.293764117582}, {8, 0.443826356185}});
  }
  SECTION("min_df 2, max_df 0.9 drop rare words and 'for' (in every document)") {
    nlp::tfidf v({.min_df = 2, .max_df = 0.9});
    const auto x = v.fit_transform(docs);
    CHECK(v.vocabulary() == std::vector<std::string>{"<*>", "failed", "from", "password", "root", "session", "user"});
    check_row(x[2], {{4, 0.643744459506}, {3, 0.765240531372}});
    check_row(x[4], {{6, 0.503123956059}, {5, 0.503123956059}, {4, 0.702661063159}});
  }
  SECTION("max_features keeps the most frequent terms, in sorted order") {
    nlp::tfidf v({.max_features = 4});
    const auto x = v.fit_transform(docs);
    CHECK(v.vocabulary() == std::vector<std::string>{"<*>", "for", "password", "root"});
    check_row(x[1], {{0, 0.891058465503}, {1, 0.26313674196}, {2, 0.369829509486}});
  }
  SECTION("no idf, no normalisation: raw counts") {
    nlp::tfidf v({.use_idf = false, .l2_normalize = false});
    const auto x = v.fit_transform(docs);
    check_row(x[4], {{3, 1}, {5, 1}, {9, 2}, {10, 1}, {11, 1}});
  }
}

TEST_CASE("tfidf edge cases: unknown words, empty documents, misuse", "[nlp][tfidf]") {
  const auto docs = corpus();
  nlp::tfidf v;
  CHECK_THROWS_AS(v.transform(docs[0]), std::invalid_argument);  // before fit
  v.fit(docs);
  CHECK(v.transform(std::vector<std::string>{"unknown", "words"}).empty());
  CHECK(v.transform(std::vector<std::string>{}).empty());
  const auto only_root = v.transform(std::vector<std::string>{"root", "root", "nobody"});
  check_row(only_root, {{9, 1.0}});
  CHECK(nlp::tfidf().fit({}).vocabulary().empty());
  CHECK_THROWS_AS(nlp::tfidf({.max_df = 1.5}), std::invalid_argument);
  CHECK_THROWS_AS(nlp::tfidf({.min_df = 3, .max_df = 0.2}).fit(docs), std::invalid_argument);  // 1 document < 3
}

TEST_CASE("cosine similarity of sparse vectors", "[nlp][tfidf]") {
  const nlp::sparse_vector a{{0, 1}, {2, 1}}, b{{0, 1}, {3, 1}}, zero;
  CHECK(nlp::dot(a, b) == 1);
  CHECK(nlp::cosine_similarity(a, b) == Approx(0.5));
  CHECK(nlp::cosine_similarity(a, a) == Approx(1.0));
  CHECK(nlp::cosine_similarity(a, zero) == 0);
  const auto x = nlp::tfidf().fit_transform(corpus());
  CHECK(nlp::cosine_similarity(x[0], x[1]) > nlp::cosine_similarity(x[0], x[3]));  // two failed logins vs a session
}

TEST_CASE("split_documents splits every text into words", "[nlp][tfidf]") {
  const std::vector<std::string> texts{"Failed password for <*>", ""};
  const auto docs = nlp::split_documents(texts);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0] == std::vector<std::string>{"failed", "password", "for", "<*>"});
  CHECK(docs[1].empty());
}
