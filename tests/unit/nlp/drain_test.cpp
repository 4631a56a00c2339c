// aiops: tests of Drain: tree routing, similarity, max children, numeric tokens, events, JSON state
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/nlp/drain.hpp>
#include <aiops/nlp/drain_json.hpp>

using aiops::nlp::drain;
using aiops::nlp::drain_change;
using aiops::nlp::drain_options;

TEST_CASE("drain routes by length and first tokens, then joins the most similar cluster", "[nlp][drain]") {
  drain d;  // depth 4 (one routing token), similarity 0.4
  auto r = d.add("Connection closed by <*> port <*>");
  CHECK(r.cluster_id == 1);
  CHECK(r.change == drain_change::cluster_created);
  r = d.add("Connection closed by <*> port <*>");
  CHECK(r.cluster_id == 1);
  CHECK(r.change == drain_change::none);
  r = d.add("Connection reset by <*> port <*>");  // 3 of 6 tokens equal: 0.5 >= 0.4
  CHECK(r.cluster_id == 1);
  CHECK(r.change == drain_change::template_changed);
  CHECK(d.cluster(1).template_text() == "Connection <*> by <*> port <*>");
  CHECK(d.add("Connection closed by <*> port <*> now").cluster_id == 2);  // another length
  CHECK(d.add("Received block <*> of size <*>").cluster_id == 3);
  r = d.add("Received block x1 of size 7");  // 4 of 6 equal; parameters of the template do not count
  CHECK(r.cluster_id == 3);
  CHECK(r.change == drain_change::none);
  r = d.add("Received block x1 of length 7");
  CHECK(r.cluster_id == 3);
  CHECK(d.cluster(3).template_text() == "Received block <*> of <*> <*>");
  CHECK(d.cluster(3).size == 3);
  CHECK(d.clusters().size() == 3);
  CHECK(d.match("Received block y of z 9") == 3);
  CHECK(d.match("Unknown message") == 0);
  CHECK(d.cluster(3).size == 3);  // match() does not learn

  drain_options deeper;
  deeper.depth = 5;  // two routing tokens: "reset" leads to another leaf
  drain d5(deeper);
  d5.add("Connection closed by <*> port <*>");
  CHECK(d5.add("Connection reset by <*> port <*>").cluster_id == 2);
}

TEST_CASE("drain's similarity threshold decides between joining and a new cluster", "[nlp][drain]") {
  drain_options o;
  o.similarity = 0.6;
  drain d(o);
  d.add("Received block <*> of size <*>");
  CHECK(d.add("Received block x of length 7").change == drain_change::cluster_created);  // 0.5 < 0.6
  CHECK(d.add("Received block y of size 8").cluster_id == 1);                            // 0.67
  CHECK(d.add("Received block x of length 7").cluster_id == 2);  // the most similar cluster wins
}

TEST_CASE("drain sends tokens beyond max_children and tokens with digits through <*>", "[nlp][drain]") {
  drain_options o;
  o.max_children = 3;
  drain d(o);
  CHECK(d.add("a x y").cluster_id == 1);
  CHECK(d.add("b x y").cluster_id == 2);
  CHECK(d.add("c x y").cluster_id == 3);  // the third child of a node is <*>
  CHECK(d.add("d x y").cluster_id == 3);  // full: "d" goes through <*> too, and joins "c x y"
  CHECK(d.cluster(3).template_text() == "<*> x y");
  CHECK(d.add("a z y").cluster_id == 1);
  CHECK(d.cluster(1).template_text() == "a <*> y");

  drain numeric;
  CHECK(numeric.add("user1 logged in").cluster_id == 1);
  CHECK(numeric.add("user2 logged in").cluster_id == 1);
  CHECK(numeric.cluster(1).template_text() == "<*> logged in");
  o = {};
  o.parametrize_numeric_tokens = false;
  drain literal(o);
  literal.add("user1 logged in");
  CHECK(literal.add("user2 logged in").cluster_id == 2);
}

TEST_CASE("drain handles empty messages, extra delimiters and bad options", "[nlp][drain]") {
  drain d;
  CHECK(d.add("").cluster_id == 1);
  CHECK(d.add("   ").cluster_id == 1);
  CHECK(d.cluster(1).tokens.empty());
  drain_options o;
  o.extra_delimiters = "=";
  drain eq(o);
  eq.add("user=root ok");
  CHECK(eq.cluster(1).tokens == std::vector<std::string>{"user", "root", "ok"});
  CHECK_THROWS_AS(drain(drain_options{.depth = 2}), std::invalid_argument);
  CHECK_THROWS_AS(drain(drain_options{.max_children = 1}), std::invalid_argument);
  CHECK_THROWS_AS(drain(drain_options{.similarity = 1.5}), std::invalid_argument);
  CHECK_THROWS_AS(d.cluster(0), std::out_of_range);
  CHECK_THROWS_AS(d.cluster(2), std::out_of_range);
}

TEST_CASE("freeze_after keeps a rare message out of a big cluster", "[nlp][drain]") {
  drain_options o;
  o.freeze_after = 32;
  drain frozen(o), plain;
  for (int i = 0; i < 40; ++i) {
    frozen.add("Failed to get next element [HRESULT = <*> - CBS_E_MANIFEST_INVALID_ITEM]");
    plain.add("Failed to get next element [HRESULT = <*> - CBS_E_MANIFEST_INVALID_ITEM]");
  }
  // Windows' CBS log (LogHub): four words apart, 6 of 10 tokens the same, another event.
  CHECK(plain.add("Failed to internally open package. [HRESULT = <*> - CBS_E_INVALID_PACKAGE]").cluster_id == 1);
  CHECK(frozen.add("Failed to internally open package. [HRESULT = <*> - CBS_E_INVALID_PACKAGE]").cluster_id == 2);
  // One word apart stays with the similarity: a user name that was root 40 times in a row.
  for (int i = 0; i < 40; ++i) frozen.add("Failed password for root from <*> port <*> ssh2");
  const auto root = frozen.add("Failed password for root from <*> port <*> ssh2");
  CHECK(frozen.add("Failed password for uucp from <*> port <*> ssh2").cluster_id == root.cluster_id);
}

TEST_CASE("a reloaded Drain continues with the same clusters and ids", "[nlp][drain][json]") {
  drain_options o;
  o.max_children = 3;
  o.extra_delimiters = "=";
  drain a(o);
  const std::vector<std::string> first = {"a x y", "b x y", "c x y", "d x y", "100% done \xff\xfe", "user=root ok", ""};
  const std::vector<std::string> then = {"e x y", "a z y", "100% done \xff\xfe", "Received block <*> of size <*>", "user=bob ok"};
  for (const auto& m : first) a.add(m);
  const std::string state = aiops::nlp::save_drain(a);
  CHECK(state.find("\"100%25\"") != std::string::npos);  // '%' and bytes that are not UTF-8 are escaped
  CHECK(state.find("\"%FF%FE\"") != std::string::npos);
  auto loaded = aiops::nlp::load_drain(state);
  REQUIRE(loaded);
  drain& b = *loaded;
  CHECK(b.options().max_children == 3);
  CHECK(b.options().extra_delimiters == "=");
  for (const auto& m : then) {
    const auto ra = a.add(m), rb = b.add(m);
    CHECK(ra.cluster_id == rb.cluster_id);
    CHECK(ra.change == rb.change);
  }
  REQUIRE(a.clusters().size() == b.clusters().size());
  for (std::size_t i = 0; i < a.clusters().size(); ++i) {
    CHECK(a.clusters()[i].tokens == b.clusters()[i].tokens);
    CHECK(a.clusters()[i].size == b.clusters()[i].size);
  }
  CHECK(aiops::nlp::save_drain(a) == aiops::nlp::save_drain(b));
}

TEST_CASE("load_drain rejects what is not a consistent state", "[nlp][drain][json]") {
  drain d;
  d.add("a b c");
  const std::string good = aiops::nlp::save_drain(d);
  CHECK(aiops::nlp::load_drain(good));
  for (const char* bad : {"not json", "{}", "[1,2]", R"({"format":"aiops-drain","version":2})"}) {
    CAPTURE(bad);
    CHECK_FALSE(aiops::nlp::load_drain(bad));
  }
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  CHECK_FALSE(aiops::nlp::load_drain(replace("\"depth\": 4", "\"depth\": 2")));
  CHECK_FALSE(aiops::nlp::load_drain(replace("\"3\"", "\"2\"")));         // cluster under the wrong token count
  CHECK_FALSE(aiops::nlp::load_drain(replace("\"id\": 1", "\"id\": 2")));  // ids must be 1, 2, ...
  CHECK_FALSE(aiops::nlp::load_drain(replace("\"a\"", "\"%G1\"")));        // bad escape
}

TEST_CASE("join_identical keeps templates of parameters from multiplying", "[nlp][drain]") {
  const char* list = "BLOCK* ask <*> to delete <*> <*> <*> <*> <*> <*> <*>";  // 4 of 11 tokens count: 0.36
  drain plain;
  CHECK(plain.add(list).cluster_id == 1);
  CHECK(plain.add(list).cluster_id == 2);  // Drain: the same message, a new cluster
  drain_options o;
  o.join_identical = true;
  drain joined(o);
  CHECK(joined.add(list).cluster_id == 1);
  CHECK(joined.add(list).cluster_id == 1);
  CHECK(joined.add("BLOCK* ask <*> to delete <*> <*> <*> <*> <*> <*> x").cluster_id == 2);  // not identical
}
