// aiops: tests of nlp tokenizing: Drain's whitespace/delimiter split and words for vector models
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

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

// Lines of 16 bytes or more are split 16 bytes at a time (SSE2); every length and every place of a
// token boundary against a byte loop, with delimiter sets of one to six ranges (the last falls back).
TEST_CASE("tokenizer gives the same tokens as a byte loop at every length", "[nlp][tokenize]") {
  const auto by_bytes = [](const tokenizer& t, std::string_view s) {
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < s.size();) {
      while (i < s.size() && t.is_delimiter(s[i])) ++i;
      const std::size_t start = i;
      while (i < s.size() && !t.is_delimiter(s[i])) ++i;
      if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
  };
  std::uint64_t state = 3;
  for (const char* extra : {"", "=,", "=,:;[]\"|"}) {
    const tokenizer t(extra);
    const std::string alphabet = std::string("ab \t=,:;|\x80\xff\n") + '\0';
    for (std::size_t length = 0; length < 100; ++length)
      for (int k = 0; k < 20; ++k) {
        std::string s;
        for (std::size_t i = 0; i < length; ++i) {
          state = state * 6364136223846793005u + 1442695040888963407u;
          s += alphabet[(state >> 33) % alphabet.size()];
        }
        INFO("extra '" << extra << "' length " << length);
        REQUIRE(t(s) == by_bytes(t, s));
      }
  }
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
