// aiops: the manifest of a backup snapshot: one line per file, directory and symlink, with SHA-256 sums
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort
#include <cstdint>      // std::uint32_t, std::uint64_t, std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <unordered_set>  // std::unordered_set
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/sys/detail/text.hpp"
#include "aiops/sys/sha256.hpp"

// The format, one record a line, fields separated by one space, paths and link targets with
// controls, spaces and backslashes written as "\ooo" (like /proc/self/mounts):
//
//     aiops-backup-manifest 1
//     source /srv/www
//     created 2025-11-29T02:38:36.123456789Z
//     d 0755 0 0 1764383916000000000 0 - .
//     f 0644 1000 1000 1764383916123456789 5 2cf24dba...9824 index.html
//     l 0777 0 0 1764383916000000000 10 - current releases/42
//     end 3 <SHA-256 of every byte above this line>
//
// Fields: type (f file, d directory, l symlink), permission bits in octal, uid, gid, mtime in
// nanoseconds, size (a symlink's is its target's length), SHA-256 of the content ("-" but for
// files), path relative to the snapshot root ("." is the root), and for a symlink its target.
// The "end" line is written last: a manifest without it, or whose sum does not match, belongs to
// an interrupted or damaged snapshot.

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// What a manifest line describes.
enum class entry_type : char { file = 'f', directory = 'd', symlink = 'l' };

/// One file, directory or symlink of a snapshot.
struct manifest_entry {
  entry_type type = entry_type::file;
  std::string path;           ///< relative, '/'-separated; "." is the snapshot root
  std::uint32_t mode = 0;     ///< permission bits (07777)
  std::uint32_t uid = 0, gid = 0;
  std::int64_t mtime_ns = 0;  ///< modification time, nanoseconds since the epoch
  std::uint64_t size = 0;     ///< bytes of a file; length of a symlink's target; 0 for a directory
  std::string sha256;         ///< hex SHA-256 of a file's content; empty otherwise
  std::string target;         ///< a symlink's target
};

/// A snapshot's manifest: where it came from, when, and what it holds, sorted by path
/// (so every directory comes before what it contains).
struct manifest {
  std::string source;
  timestamp_ns created = 0;
  std::vector<manifest_entry> entries;
};

namespace detail {

inline constexpr std::string_view manifest_magic = "aiops-backup-manifest 1";

inline std::string octal_mode(std::uint32_t mode) {
  std::string s(4, '0');
  for (int i = 3; i >= 0; --i, mode >>= 3) s[static_cast<std::size_t>(i)] = static_cast<char>('0' + (mode & 7));
  return s;
}

inline std::optional<std::uint32_t> parse_octal_mode(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  std::uint32_t mode = 0;
  for (char c : s) {
    if (!is_octal(c)) return std::nullopt;
    mode = mode * 8 + static_cast<std::uint32_t>(c - '0');
  }
  return mode;
}

/// "." or a relative path whose parts are neither empty, "." nor "..": a manifest from
/// an untrusted copy must not make restore write outside its target.
inline bool is_safe_relative(std::string_view path) {
  if (path == ".") return true;
  for (auto part : split(path, '/'))
    if (part.empty() || part == "." || part == "..") return false;
  return true;
}

}  // namespace detail

/// Sorts entries the way a manifest lists them: the root "." first, then by path, so that every
/// directory comes before what it contains.
inline void sort_entries(std::vector<manifest_entry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const manifest_entry& a, const manifest_entry& b) {
    if ((a.path == ".") != (b.path == ".")) return a.path == ".";
    return a.path < b.path;
  });
}

/// The manifest as text, "end" line included; entries are written in the order given (see sort_entries).
inline std::string format_manifest(const manifest& m) {
  using namespace detail;
  std::string body;
  body.reserve(64 + m.entries.size() * 128);
  body.append(manifest_magic).append("\nsource ").append(encode_octal(m.source));
  body.append("\ncreated ").append(format_rfc3339(m.created, 9)).append("\n");
  for (const auto& e : m.entries) {
    body += static_cast<char>(e.type);
    body.append(" ").append(octal_mode(e.mode));
    body.append(" ").append(std::to_string(e.uid)).append(" ").append(std::to_string(e.gid));
    body.append(" ").append(std::to_string(e.mtime_ns)).append(" ").append(std::to_string(e.size));
    body.append(" ").append(e.type == entry_type::file ? e.sha256 : "-");
    body.append(" ").append(encode_octal(e.path));
    if (e.type == entry_type::symlink) body.append(" ").append(encode_octal(e.target));
    body += '\n';
  }
  std::string sum = sha256_hex(body);
  return body + "end " + std::to_string(m.entries.size()) + " " + sum + "\n";
}

/// Reads a manifest; a failure names the line when the text is damaged, and says "incomplete"
/// when the "end" line is missing (a snapshot whose writing was interrupted).
inline result<manifest> parse_manifest(std::string_view text) {
  using namespace detail;
  manifest m;
  bool done = false;
  std::size_t offset = 0;
  std::unordered_set<std::string> dirs, paths;  // seen so far: every entry must sit in one of the dirs
  auto bad = for_each_line(text, [&](std::string_view line, std::size_t n) -> std::optional<failure> {
    std::size_t line_start = offset;
    offset += line.size() + 1;
    if (done) return line_failure(errc::syntax, n, "text after the 'end' line");
    if (n == 1) {
      if (line != manifest_magic) return line_failure(errc::syntax, n, "not an aiops backup manifest (expected '" + std::string(manifest_magic) + "')");
      return std::nullopt;
    }
    auto f = split(line, ' ');
    if (n == 2) {
      if (f.size() != 2 || f[0] != "source") return line_failure(errc::syntax, n, "expected 'source <path>'");
      m.source = decode_octal(f[1]);
      return std::nullopt;
    }
    if (n == 3) {
      auto t = f.size() == 2 && f[0] == "created" ? parse_rfc3339(f[1]) : result<timestamp_ns>(fail(errc::syntax, "missing"));
      if (!t) return line_failure(errc::bad_timestamp, n, "expected 'created <RFC 3339 time>'");
      m.created = *t;
      return std::nullopt;
    }
    if (f[0] == "end") {
      auto count = f.size() == 3 ? parse_u64(f[1]) : std::nullopt;
      if (!count) return line_failure(errc::syntax, n, "expected 'end <count> <sha256>'");
      if (*count != m.entries.size())
        return line_failure(errc::syntax, n, "'end' counts " + std::to_string(*count) + " entries, the manifest has " + std::to_string(m.entries.size()));
      if (sha256_hex(text.substr(0, line_start)) != f[2]) return line_failure(errc::syntax, n, "manifest checksum mismatch: the manifest is damaged");
      done = true;
      return std::nullopt;
    }
    if (f[0].size() != 1 || (f[0][0] != 'f' && f[0][0] != 'd' && f[0][0] != 'l'))
      return line_failure(errc::syntax, n, "unknown entry type '" + std::string(f[0]) + "'");
    manifest_entry e;
    e.type = static_cast<entry_type>(f[0][0]);
    if (f.size() != (e.type == entry_type::symlink ? 9u : 8u)) return line_failure(errc::unexpected_end, n, "wrong number of fields");
    auto mode = parse_octal_mode(f[1]);
    auto uid = parse_u64(f[2]), gid = parse_u64(f[3]), size = parse_u64(f[5]);
    auto mtime = parse_int(f[4]);
    if (!mode || !uid || !gid || !size || !mtime || *uid > 0xffffffffu || *gid > 0xffffffffu)
      return line_failure(errc::bad_number, n, "bad mode, owner, time or size");
    e.mode = *mode;
    e.uid = static_cast<std::uint32_t>(*uid);
    e.gid = static_cast<std::uint32_t>(*gid);
    e.mtime_ns = *mtime;
    e.size = *size;
    if (e.type == entry_type::file) {
      if (f[6].size() != 64 || f[6].find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return line_failure(errc::syntax, n, "bad SHA-256 '" + std::string(f[6]) + "'");
      e.sha256 = std::string(f[6]);
    }
    e.path = decode_octal(f[7]);
    if (!is_safe_relative(e.path))
      return line_failure(errc::syntax, n, "unsafe path '" + e.path + "'");
    // Restore writes each entry inside its parent: a parent that is not a directory listed
    // earlier (a symlink, say) could send it outside the target.
    auto slash = e.path.rfind('/');
    std::string parent = slash == std::string::npos ? "." : e.path.substr(0, slash);
    if (e.path == "." ? !dirs.empty() || e.type != entry_type::directory : dirs.count(parent) == 0)
      return line_failure(errc::syntax, n, "'" + e.path + "' does not follow its parent directory");
    if (!paths.insert(e.path).second) return line_failure(errc::syntax, n, "duplicate path '" + e.path + "'");
    if (e.type == entry_type::directory) dirs.insert(e.path);
    if (e.type == entry_type::symlink) e.target = decode_octal(f[8]);
    m.entries.push_back(std::move(e));
    return std::nullopt;
  });
  if (bad) return *bad;
  if (!done) return fail(errc::unexpected_end, "manifest has no 'end' line: the snapshot is incomplete");
  return m;
}

}  // namespace sys
AIOPS_END_NAMESPACE
