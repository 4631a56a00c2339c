// aiops: SHA-256 against the FIPS 180 test vectors, incremental updates and files
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/sys/sha256.hpp>

#include "temp_dir.hpp"

using aiops::sys::sha256;
using aiops::sys::sha256_hex;

TEST_CASE("sha256 matches the FIPS 180 examples", "[sha256]") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1'000'000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 gives the same digest however the message is cut", "[sha256]") {
  std::string msg;
  for (int i = 0; i < 300; ++i) msg += static_cast<char>(i * 7 + 3);
  const std::string whole = sha256_hex(msg);
  for (std::size_t cut = 0; cut <= msg.size(); cut += 13) {
    sha256 h;
    h.update(std::string_view(msg).substr(0, cut));
    h.update(std::string_view(msg).substr(cut));
    CHECK(sha256::to_hex(h.finish()) == whole);
  }
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) need one or two final blocks.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("sha256_file hashes a file and reports one that is missing", "[sha256]") {
  aiops::testing::temp_dir dir;
  aiops::testing::write_text(dir / "f", "abc");
  auto sum = aiops::sys::sha256_file(dir / "f");
  REQUIRE(sum);
  CHECK(*sum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto missing = aiops::sys::sha256_file(dir / "nope");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.find("No such file") != std::string::npos);
}
