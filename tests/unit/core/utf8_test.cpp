// aiops: UTF-8 decoding/encoding and JSON string literals from any bytes
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/core.hpp>

namespace {

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out += aiops::next_code_point(s, i);
  return out;
}

std::string json(std::string_view s) {
  std::string out;
  aiops::append_json_string(out, s);
  return out;
}

}  // namespace

TEST_CASE("UTF-8: valid sequences decode and encode back", "[utf8]") {
  const std::string text = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";  // a é 中 😀
  CHECK(decode(text) == U"a\u00E9\u4E2D\U0001F600");
  std::string again;
  for (char32_t cp : decode(text)) aiops::append_utf8(again, cp);
  CHECK(again == text);
  CHECK(aiops::utf8_sequence_length(text, 1) == 2);
  CHECK(aiops::utf8_sequence_length(text, 3) == 3);
  CHECK(aiops::utf8_sequence_length(text, 6) == 4);
}

TEST_CASE("UTF-8: invalid bytes give U+FFFD one byte at a time", "[utf8]") {
  CHECK(decode("\xC0\xAF") == U"\uFFFD\uFFFD");          // overlong '/'
  CHECK(decode("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");  // a UTF-16 surrogate
  CHECK(decode("\xF4\x90\x80\x80") == std::u32string(4, U'\uFFFD'));  // above U+10FFFF
  CHECK(decode("\xE4\xB8") == U"\uFFFD\uFFFD");          // truncated at the end
  CHECK(decode("\x80x") == U"\uFFFDx");                  // a lone continuation byte
}

TEST_CASE("JSON string literals: escapes, control characters and invalid UTF-8", "[utf8][json]") {
  CHECK(json("plain") == "\"plain\"");
  CHECK(json("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
  CHECK(json("a\nb\tc\r\b\f") == "\"a\\nb\\tc\\r\\b\\f\"");
  CHECK(json(std::string_view("\x01\x1f\0", 3)) == "\"\\u0001\\u001f\\u0000\"");
  CHECK(json("\xC3\xA9") == "\"\xC3\xA9\"");          // valid UTF-8 is kept as is
  CHECK(json("x\xFFy") == "\"x\xEF\xBF\xBDy\"");      // an invalid byte becomes U+FFFD
}
