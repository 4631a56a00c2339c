// aiops: tests of nlp tokenizing: Drain's whitespace/delimiter split and words for vector models
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string
#include <vector>  // std::vector

#include <aiops/nlp/tokenize.hpp>

using aiops::nlp::tokenizer;

TEST_CASE("tokenizer splits at whitespace runs and extra delimiters", "[nlp][tokenize]") {
  const tokenizer plain;
  CHECK(plain("  Received block\tblk_1  of size 5 \r\n") ==
        std::vector<std::string_view>{"Received", "block", "blk_1", "of", "size", "5"});
  CHECK(plain("").empty());
  CHECK(plain(" \t ").empty());
  const tokenizer extra("=,");
  CHECK(extra("user=root, port 22") == std::vector<std::string_view>{"user", "root", "port", "22"});
  CHECK(extra.is_delimiter('='));
  CHECK_FALSE(plain.is_delimiter('='));
  std::vector<std::string_view> out{"kept"};
  CHECK(plain.split("a b", out) == 2);
  CHECK(out.size() == 3);  // appends
}

TEST_CASE("split_words lower-cases words, keeps placeholders whole and drops bare numbers", "[nlp][tokenize]") {
  std::vector<std::string> w;
  aiops::nlp::split_words("Failed password for root from <*> port 22 <IP>:<NUM>, ssh2", w);
  CHECK(w == std::vector<std::string>{"failed", "password", "for", "root", "from", "<*>", "port", "<IP>", "<NUM>", "ssh2"});
  w.clear();
  aiops::nlp::word_options keep;
  keep.lowercase = false;
  keep.keep_numbers = true;
  keep.min_length = 2;
  aiops::nlp::split_words("Port 22 a <notaplaceholder> é-té", w, keep);
  CHECK(w == std::vector<std::string>{"Port", "22", "notaplaceholder", "\xC3\xA9", "t\xC3\xA9"});
}
