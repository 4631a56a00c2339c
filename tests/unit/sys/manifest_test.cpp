// aiops: the backup manifest format: round trip, awkward names, truncation and damage
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/sys/manifest.hpp>

using namespace aiops::sys;
using Catch::Matchers::Contains;

namespace {
manifest sample() {
  manifest m;
  m.source = "/srv/my www";
  m.created = 1764383916123456789;
  m.entries.push_back({entry_type::directory, ".", 0755, 0, 0, 1764383916000000000, 0, "", ""});
  m.entries.push_back({entry_type::file, "a file\nwith newline\\and backslash", 0644, 1000, 100, 1764383916123456789, 5,
                       "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ""});
  m.entries.push_back({entry_type::symlink, "current", 0777, 0, 0, -5, 12, "", "releases/4 2"});
  m.entries.push_back({entry_type::file, "\xc3\xa9t\xc3\xa9.txt", 04755, 0, 0, 0, 0,
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""});
  return m;
}
}  // namespace

TEST_CASE("a manifest survives formatting and parsing unchanged", "[manifest]") {
  manifest m = sample();
  std::string text = format_manifest(m);
  CHECK(text.rfind("aiops-backup-manifest 1\nsource /srv/my\\040www\ncreated 2025-11-29T02:38:36.123456789Z\n", 0) == 0);
  CHECK_THAT(text, Contains("l 0777 0 0 -5 12 - current releases/4\\0402\n"));
  CHECK_THAT(text, Contains("f 4755 0 0 0 0 e3b0"));
  auto back = parse_manifest(text);
  REQUIRE(back);
  CHECK(back->source == m.source);
  CHECK(back->created == m.created);
  REQUIRE(back->entries.size() == m.entries.size());
  for (std::size_t i = 0; i < m.entries.size(); ++i) {
    const auto& a = m.entries[i];
    const auto& b = back->entries[i];
    CHECK(a.type == b.type);
    CHECK(a.path == b.path);
    CHECK(a.mode == b.mode);
    CHECK(a.uid == b.uid);
    CHECK(a.gid == b.gid);
    CHECK(a.mtime_ns == b.mtime_ns);
    CHECK(a.size == b.size);
    CHECK(a.sha256 == b.sha256);
    CHECK(a.target == b.target);
  }
}

TEST_CASE("a manifest cut short or damaged is refused", "[manifest]") {
  std::string text = format_manifest(sample());
  auto cut = parse_manifest(text.substr(0, text.rfind("end ")));
  REQUIRE_FALSE(cut);
  CHECK_THAT(cut.error().message, Contains("incomplete"));

  std::string flipped = text;
  flipped[flipped.find("0644")] = '1';  // a change the line syntax allows: only the checksum sees it
  auto damaged = parse_manifest(flipped);
  REQUIRE_FALSE(damaged);
  CHECK_THAT(damaged.error().message, Contains("checksum mismatch") && Contains("line 8"));

  CHECK_FALSE(parse_manifest(text + "f 0644 0 0 0 0 - x\n"));  // after 'end'
  CHECK_THAT(parse_manifest("something else\n").error().message, Contains("line 1"));
  CHECK_FALSE(parse_manifest(""));
}

TEST_CASE("a manifest cannot point outside the snapshot", "[manifest]") {
  for (const char* path : {"../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "a/./b", ".."}) {
    manifest m;
    m.entries.push_back({entry_type::directory, path, 0755, 0, 0, 0, 0, "", ""});
    auto r = parse_manifest(format_manifest(m));
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Contains("unsafe path"));
  }
}

TEST_CASE("every entry must follow its parent directory, once", "[manifest]") {
  auto entry = [](entry_type t, const char* path) { return manifest_entry{t, path, 0755, 0, 0, 0, 0, "", t == entry_type::symlink ? "/etc" : ""}; };
  auto check = [](std::vector<manifest_entry> entries, const char* why) {
    manifest m;
    m.entries = std::move(entries);
    auto r = parse_manifest(format_manifest(m));
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Contains(why));
  };
  // A symlink "out" -> /etc, then "out/passwd": restore would write through the link.
  check({entry(entry_type::directory, "."), entry(entry_type::symlink, "out"), entry(entry_type::directory, "out/x")},
        "does not follow its parent");
  check({entry(entry_type::directory, "a")}, "does not follow its parent");  // no root
  check({entry(entry_type::directory, "."), entry(entry_type::directory, "a"), entry(entry_type::directory, "a")},
        "duplicate path");

  // sort_entries puts the root first even before names that sort below '.'.
  std::vector<manifest_entry> v = {entry(entry_type::directory, "b"), entry(entry_type::directory, "-dash"),
                                   entry(entry_type::directory, "."), entry(entry_type::directory, "b/c")};
  sort_entries(v);
  CHECK(v[0].path == ".");
  CHECK(v[1].path == "-dash");
  manifest m;
  m.entries = v;
  CHECK(parse_manifest(format_manifest(m)));
}
