// aiops: tests of nlp masks: every built-in kind, value boundaries, custom PCRE2 masks
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/nlp/mask.hpp>
#include <aiops/nlp/detail/scan.hpp>
#include <aiops/nlp/regex_mask.hpp>

#include "pcre2_sub.hpp"

using aiops::nlp::mask_kind;
using aiops::nlp::masker;

namespace {
std::string only(mask_kind k, std::string_view text) { return masker().add(k)(text); }
}  // namespace

TEST_CASE("each built-in mask recognises its values", "[nlp][mask]") {
  CHECK(only(mask_kind::url, "see https://example.com/a?b=1, then") == "see <*>, then");
  CHECK(only(mask_kind::url, "upstream: \"http://127.0.0.1:8080/api\"") == "upstream: \"<*>\"");
  CHECK(only(mask_kind::uuid, "id=0b4e7c1a-93f2-4d8e-9c1b-2a7f5e3d9b10.") == "id=<*>.");
  CHECK(only(mask_kind::datetime, "at 2015-10-18 18:01:47,978 ok") == "at <*> ok");
  CHECK(only(mask_kind::datetime, "2025-06-09T03:12:44.123+02:00") == "<*>");
  CHECK(only(mask_kind::datetime, "at Thu Jul  7 06:31:38 2005 from") == "at <*> from");
  CHECK(only(mask_kind::datetime, "#1 Sat May 8 09:25:36 EDT 2004") == "#1 <*>");
  CHECK(only(mask_kind::datetime, "took 18:01:47") == "took <*>");
  CHECK(only(mask_kind::mac, "to 8c:be:be:12:ab:0f completed") == "to <*> completed");
  CHECK(only(mask_kind::ipv6, "from 2001:db8::7 port") == "from <*> port");
  CHECK(only(mask_kind::ipv6, "[fe80::1ff:fe23:4567:890a]:22 and ::ffff:192.0.2.1 and ::") == "[<*>]:22 and <*> and <*>");
  CHECK(only(mask_kind::ipv4, "src: /10.251.38.197:37990 dest: /10.251.38.197:50010") == "src: /<*> dest: /<*>");
  CHECK(only(mask_kind::ipv4, "10.0.0.1:Got") == "<*>:Got");
  CHECK(only(mask_kind::block_id, "blk_-6929440142321424634 and blk_42") == "<*> and <*>");
  CHECK(only(mask_kind::path, "file /var/www/html/index.php:12 and /part-00590. end") == "file <*>:12 and <*>. end");
  CHECK(only(mask_kind::hex, "flags=0x1f Proxy@8f8a7b2 cafe123 deadbeef") == "flags=<*> Proxy@<*> <*> deadbeef");
  CHECK(only(mask_kind::size, "16K, 125312k/129720k 1.5GiB 512MB") == "<*>, <*>/<*> <*> <*>");
  CHECK(only(mask_kind::duration, "in 60s +812ms 1s234ms 2h30m") == "in <*> +<*> <*> <*>");
  CHECK(only(mask_kind::number, "uid=0 -1 0.4688 1.4.1, (1766) #53") == "uid=<*> <*> <*> <*>, (<*>) #<*>");
}

TEST_CASE("masks match whole values only", "[nlp][mask]") {
  const masker m = masker::standard();
  // Digits inside words, after '.', '-' or '_', and before letters stay.
  CHECK(m("ssh2 eth0 u0a12 v1.5 dm-0 part-00590 x86_64 100Mbps e1000e") == "ssh2 eth0 u0a12 v1.5 dm-0 part-00590 x86_64 100Mbps e1000e");
  CHECK(m("2000-2002 1.2.3.4.5") == "2000-2002 <*>");  // a range is no number; five parts are no IPv4
  CHECK(m("PS/2 and/or 3des") == "PS/<*> and/or 3des");
  CHECK(m("/10.250.19.102:54106") == "/<*>");  // no letter: not a path, so the address is masked
  CHECK(m("Received block blk_-1608 of size 67108864 from /10.250.19.102") == "Received block <*> of size <*> from /<*>");
  CHECK(m("") == "");
  CHECK(m("<*> stays") == "<*> stays");
}

TEST_CASE("masker placeholders, removal and order of custom masks", "[nlp][mask]") {
  masker m;
  CHECK(m.empty());
  m.add(mask_kind::ipv4, "<IP>").add(mask_kind::number, "<NUM>");
  CHECK(m("from 1.2.3.4 port 22") == "from <IP> port <NUM>");
  m.remove(mask_kind::number);
  CHECK_FALSE(m.enabled(mask_kind::number));
  CHECK(m("port 22") == "port 22");
  CHECK(aiops::nlp::mask_kind_from_string("block_id") == mask_kind::block_id);
  CHECK_FALSE(aiops::nlp::mask_kind_from_string("nope"));
  for (mask_kind k : aiops::nlp::all_mask_kinds) CHECK(aiops::nlp::mask_kind_from_string(aiops::nlp::to_string(k)) == k);

  // Custom masks run first: here the command is masked before the number mask sees its digits.
  masker custom = masker().add(mask_kind::number);
  custom.add(aiops::nlp::regex_mask(R"((?<=executed cmd )(".+?"))"));
  CHECK(custom("executed cmd \"rm -rf /tmp/42\" in 3 s") == "executed cmd <*> in <*> s");
}

// regex_mask skips lines and start positions by PCRE2's start-of-match data; the same pattern
// behind (*NO_START_OPT) has none, so PCRE2 tries every position: both must give the same text.
TEST_CASE("regex_mask's start-of-match shortcuts change no result", "[nlp][mask]") {
  const char* const patterns[] = {
      R"(blk_-?\d+)",
      R"(((?<=[^A-Za-z0-9])|^)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d{1,5})?)((?=[^A-Za-z0-9])|$))",
      R"(((?<=[^A-Za-z0-9])|^)(0x[a-fA-F0-9]+)((?=[^A-Za-z0-9])|$))",
      R"(((?<=[^A-Za-z0-9])|^)([\-\+]?\d+(\.\d+)*)((?=[^A-Za-z0-9])|$))",
      "(?i)Bx", "(?i)x.B", "a\\Kb", "(?<=a)b", "(?=b)", "(?m)^b", "^a", "b$", "x*", "[ab]x", "\\Gb", "(?i)ab|xy"};
  std::uint64_t state = 42;
  const auto random_text = [&] {  // bytes that the patterns care about, upper and lower case
    const std::string_view alphabet = "abxABX019.:-_ \n";
    std::string t;
    state = state * 6364136223846793005u + 1442695040888963407u;
    for (std::size_t n = (state >> 33) % 24; n > 0; --n) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      t += alphabet[(state >> 33) % alphabet.size()];
    }
    return t;
  };
  for (const char* p : patterns) {
    const aiops::nlp::regex_mask fast(p), plain(std::string("(*NO_START_OPT)") + p);
    for (int i = 0; i < 2000; ++i) {
      std::string a = random_text(), b = a;
      fast(a);
      plain(b);
      INFO(p << " on '" << b << "'");
      REQUIRE(a == b);
    }
  }
}

TEST_CASE("regex_mask replaces like re.sub and reports bad patterns", "[nlp][mask]") {
  std::string s = "abc";
  aiops::nlp::regex_mask("x*", "-")(s);
  CHECK(s == "-a-b-c-");
  s = "a1b22c333";
  aiops::nlp::regex_mask(R"(\d+)", "<NUM>")(s);
  CHECK(s == "a<NUM>b<NUM>c<NUM>");
  s = "nothing here";
  aiops::nlp::regex_mask(R"(\d+)")(s);
  CHECK(s == "nothing here");
  const auto bad = aiops::nlp::regex_mask::compile("(unclosed");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().column == 10);
  CHECK_THROWS_AS(aiops::nlp::regex_mask("a[b"), std::invalid_argument);
  std::string bytes("\xff\xfe 12 \x80", 7);  // not UTF-8: matched as bytes
  aiops::nlp::regex_mask(R"(\d+)")(bytes);
  CHECK(bytes == std::string("\xff\xfe <*> \x80", 8));
}

// regex_mask matches the patterns of its regular subset with a DFA of its own (detail/regex_dfa.hpp):
// random patterns of that subset and beyond, on random texts with long runs, must give what
// PCRE2 gives. Texts where PCRE2 hits its match limit have no answer to compare and are skipped.
TEST_CASE("regex_mask's DFA replaces exactly what PCRE2 replaces", "[nlp][mask]") {
  std::uint64_t state = 7;
  const auto next = [&](std::uint64_t n) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return (state >> 33) % n;
  };
  const std::vector<std::string> leaves = {"a", "b", "x", "\\d", "\\w", "\\s", ".", "[ab]", "[^a]", "[a-x]", "\\.", "-",
                                           "1", "^", "$", "\\b", "\\B", "(?<=[^A-Za-z0-9])", "(?=[^A-Za-z0-9])", "(?<=a)",
                                           "(?!b)", "(?<!x)", "(?=a|b)", "[\\d.]", "\\W", "[^\\w]", " ", "\\x41"};
  const std::vector<std::string> quantifiers = {"", "", "", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,3}", "{2,}", "{0,2}?"};
  const auto pattern = [&](auto&& self, int depth) -> std::string {
    std::string p;
    for (std::uint64_t alt = 0, alts = 1 + next(3); alt < alts; ++alt) {
      if (alt > 0) p += '|';
      for (std::uint64_t n = next(4); n > 0; --n) {
        p += depth < 3 && next(4) == 0 ? "(" + self(self, depth + 1) + ")" : leaves[next(leaves.size())];
        p += quantifiers[next(quantifiers.size())];
      }
    }
    return p;
  };
  const std::string_view alphabet = "abx1 .-\nA_";
  std::size_t compared = 0, with_dfa = 0;
  for (int k = 0; k < 1500; ++k) {
    const std::string p = pattern(pattern, 0);
    const auto mask = aiops::nlp::regex_mask::compile(p);
    if (!mask || !mask->uses_dfa()) continue;
    ++with_dfa;
    for (int i = 0; i < 40; ++i) {
      std::string text;
      for (std::size_t length = next(90); text.size() < length;)  // runs exercise the DFA's skipping
        text.append(next(4) == 0 ? 1 + next(30) : 1, alphabet[next(alphabet.size())]);
      const auto expected = aiops::testing::pcre2_sub(p, text);
      if (!expected) continue;
      (*mask)(text);
      INFO("/" << p << "/");
      REQUIRE(text == *expected);
      ++compared;
    }
  }
  CHECK(with_dfa > 400);  // the subset covers most of these patterns
  CHECK(compared > 15000);
}

TEST_CASE("regex_mask uses its DFA for the regular subset only", "[nlp][mask]") {
  for (const char* p : {R"(blk_-?\d+)", R"(((?<=[^A-Za-z0-9])|^)(0x[a-fA-F0-9]+)((?=[^A-Za-z0-9])|$))",
                        R"(((?<=[^A-Za-z0-9])|^)([0-9a-f]{6,} ?){3,}((?=[^A-Za-z0-9])|$))", R"(\bword\b)", R"((?P<n>a|b)+?c)"})
    CHECK(aiops::nlp::regex_mask(p).uses_dfa());
  // Backreferences, options, \K, verbs, multi-byte lookbehind, possessive and nullable repeats: PCRE2.
  for (const char* p : {R"((a)\1)", "(?i)ab", "a\\Kb", "(*NO_START_OPT)a", "(?<=executed cmd )x", "a++", "(a?)*", "a{,3}"})
    CHECK_FALSE(aiops::nlp::regex_mask(p).uses_dfa());
  // $ before a final newline, where PCRE2 also matches: handed to PCRE2, the same text.
  std::string s = "ab\n";
  aiops::nlp::regex_mask("b$")(s);
  CHECK(s == "a<*>\n");
  // A pattern that reads the rest of the text from every start: the DFA gives up, PCRE2 finishes.
  std::string runs = "x" + std::string(100000, 'a') + "x";
  const auto expected = aiops::testing::pcre2_sub(".*x", runs);
  aiops::nlp::regex_mask(".*x")(runs);
  REQUIRE(expected);
  CHECK(runs == *expected);
}

// The masker skips a plain word (detail::plain_word) without trying a kind on it: no matcher may
// match where plain_word says none can. Random text of the bytes the matchers care about.
TEST_CASE("no built-in kind matches where plain_word says none can", "[nlp][mask]") {
  namespace d = aiops::nlp::detail;
  std::uint64_t state = 11;
  const std::string_view alphabet = "abfkluxAFJTZ019:-._+/ \xc2\xb5smh";
  std::size_t plain = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string s;
    for (std::size_t n = 1 + k % 40; n > 0; --n) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      s += alphabet[(state >> 33) % alphabet.size()];
    }
    if (k % 7 == 0) s = "Jul  7 06:31:38 http://x.io/a 0x1f blk_12 fe80::1 " + s;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (d::plain_word(s, i) == 0) continue;
      ++plain;
      INFO("'" << s << "' at " << i);
      CHECK(d::match_url(s, i) + d::match_uuid(s, i) + d::match_datetime(s, i) + d::match_mac(s, i) + d::match_ipv6(s, i) +
                d::match_ipv4(s, i) + d::match_block_id(s, i) + d::match_path(s, i) + d::match_hex(s, i) +
                d::match_size(s, i) + d::match_duration(s, i) + d::match_number(s, i) ==
            0);
    }
  }
  CHECK(plain > 10000);
}
