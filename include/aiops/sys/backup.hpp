// aiops: snapshot backups of a directory tree: hard links for unchanged files, manifests, verify, restore, prune
// SPDX-License-Identifier: MIT
#pragma once

#include <dirent.h>     // opendir, readdir, closedir
#include <fcntl.h>      // open, O_* flags, AT_FDCWD, AT_SYMLINK_NOFOLLOW
#include <sys/file.h>   // flock
#include <sys/stat.h>   // lstat, stat, mkdir, chmod, utimensat
#include <unistd.h>     // link, symlink, readlink, lchown, rename, geteuid, syncfs, fsync

#include <algorithm>      // std::sort
#include <cerrno>         // errno
#include <cstddef>        // std::size_t
#include <cstdint>        // std::uint64_t
#include <cstdio>         // std::snprintf
#include <cstring>        // std::strerror
#include <filesystem>     // std::filesystem::create_directories, absolute
#include <optional>       // std::optional
#include <string>         // std::string
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <unordered_set>  // std::unordered_set
#include <utility>        // std::pair
#include <vector>         // std::vector

#include "aiops/config.hpp"
#include "aiops/core/error.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/sys/detail/posix.hpp"
#include "aiops/sys/manifest.hpp"
#include "aiops/sys/retention.hpp"
#include "aiops/sys/sha256.hpp"

// Repository layout:
//
//     <repo>/.lock                        flock: create and prune exclusive, verify and restore shared
//     <repo>/20261129T023836Z/manifest    see manifest.hpp
//     <repo>/20261129T023836Z/tree/...    the copy; unchanged files are hard links into the previous snapshot
//     <repo>/.tmp-<name>/                 a snapshot being written (a leftover after a crash)
//     <repo>/.trash-<name>/               a snapshot being deleted by prune
//
// A snapshot is written under .tmp-<name>, the data is flushed (syncfs), the manifest is written
// and fsync'ed, and only then is the directory renamed to <name>: a snapshot that is listed is
// always complete. The next create or prune deletes the .tmp- and .trash- leftovers.

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// A complete snapshot in a repository.
struct snapshot_info {
  std::string name;         ///< "20261129T023836Z", or "20261129T023836Z_1" for a second one in the same second
  timestamp_ns time = 0;    ///< UTC, from the name (whole seconds)
  std::size_t entries = 0;  ///< files, directories and symlinks in the manifest
};

/// How `backup_repository::create` decides and copies.
struct snapshot_options {
  /// Also compare SHA-256 sums before linking a file whose size, mtime and mode did not change
  /// (catches edits that restore the mtime, at the cost of reading every file).
  bool verify_unchanged = false;
  /// Do not descend into other file systems (the mount point itself is kept, empty), like `rsync -x`.
  bool one_file_system = false;
  /// The snapshot's time, which names it; the current time when absent.
  std::optional<timestamp_ns> time;
};

/// Something left out of a snapshot, and why.
struct skipped_entry {
  std::string path;
  std::string reason;
};

/// What `create` did.
struct snapshot_report {
  snapshot_info snapshot;
  std::string path;  ///< the snapshot's directory
  std::string previous;          ///< the snapshot unchanged files were linked to; empty for a full copy
  std::string previous_problem;  ///< why the newest snapshot could not serve as `previous` (a damaged manifest)
  std::size_t files = 0, directories = 0, symlinks = 0;
  std::size_t linked_files = 0;     ///< hard links to the previous snapshot's copy
  std::uint64_t linked_bytes = 0;
  std::size_t copied_files = 0;
  std::uint64_t copied_bytes = 0;
  std::vector<skipped_entry> skipped;  ///< unreadable, vanished or special files (fifos, sockets, devices)
};

/// A difference between a snapshot's manifest and its files (or a restored copy).
struct verify_issue {
  enum class kind { changed, missing, extra };
  kind what = kind::changed;
  std::string path;
  std::string detail;  ///< for `changed`: "content", "size 10 -> 12", "mode 0644 -> 0600", "mtime", "type", "target"
};

/// The name of an issue kind: "changed", "missing", "extra".
inline const char* to_string(verify_issue::kind k) noexcept {
  return k == verify_issue::kind::changed ? "changed" : k == verify_issue::kind::missing ? "missing" : "extra";
}

/// What `verify` found.
struct verify_report {
  std::string snapshot;
  std::size_t checked = 0;    ///< manifest entries checked
  std::uint64_t bytes = 0;    ///< file bytes hashed
  std::vector<verify_issue> issues;
  bool ok() const noexcept { return issues.empty(); }
};

/// What `restore` did; `issues` lists files whose content did not match the manifest (restored anyway).
struct restore_report {
  std::size_t files = 0, directories = 0, symlinks = 0;
  std::uint64_t bytes = 0;
  std::vector<verify_issue> issues;
  bool ok() const noexcept { return issues.empty(); }
};

/// One snapshot's fate in a prune.
struct prune_decision {
  snapshot_info snapshot;
  bool keep = false;
  std::vector<std::string> reasons;  ///< rules that keep it; empty when removed
};

namespace detail {

inline std::string join_path(const std::string& root, const std::string& rel) { return rel == "." ? root : root + "/" + rel; }
inline std::string child_path(const std::string& rel, const std::string& name) { return rel == "." ? name : rel + "/" + name; }

inline std::int64_t mtime_ns(const struct stat& st) noexcept {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * ns_per_second + st.st_mtim.tv_nsec;
}

inline const char* type_name(entry_type t) noexcept {
  return t == entry_type::file ? "file" : t == entry_type::directory ? "directory" : "symlink";
}

inline std::optional<entry_type> type_of(const struct stat& st) noexcept {
  if (S_ISREG(st.st_mode)) return entry_type::file;
  if (S_ISDIR(st.st_mode)) return entry_type::directory;
  if (S_ISLNK(st.st_mode)) return entry_type::symlink;
  return std::nullopt;
}

inline manifest_entry entry_of(const std::string& rel, const struct stat& st) {
  manifest_entry e;
  e.type = type_of(st).value_or(entry_type::file);
  e.path = rel;
  e.mode = static_cast<std::uint32_t>(st.st_mode & 07777);
  e.uid = st.st_uid;
  e.gid = st.st_gid;
  e.mtime_ns = mtime_ns(st);
  e.size = e.type == entry_type::directory ? 0 : static_cast<std::uint64_t>(st.st_size);
  return e;
}

/// The names in a directory, sorted, without "." and "..".
inline result<std::vector<std::string>> list_directory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return errno_failure("cannot read directory");
  std::vector<std::string> names;
  errno = 0;
  while (dirent* d = ::readdir(dir)) {
    std::string_view n = d->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  int code = errno;
  ::closedir(dir);
  if (code != 0) return errno_failure("cannot read directory", code);
  std::sort(names.begin(), names.end());
  return names;
}

/// Depth first over everything below `root`/`rel`, in name order: `visit(rel, stat)` returns
/// true to enter a directory; `trouble(rel, reason)` hears of what vanished or cannot be read.
template <class Visit, class Trouble>
void walk_tree(const std::string& root, const std::string& rel, Visit& visit, Trouble& trouble) {
  auto names = list_directory(join_path(root, rel));
  if (!names) {
    trouble(rel, names.error().message);
    return;
  }
  for (const auto& name : *names) {
    std::string child = child_path(rel, name);
    struct stat st {};
    if (::lstat(join_path(root, child).c_str(), &st) != 0) {
      trouble(child, std::strerror(errno));
      continue;
    }
    if (visit(child, st) && S_ISDIR(st.st_mode)) walk_tree(root, child, visit, trouble);
  }
}

/// Deletes `path` and everything below it. Directories are made writable first (a snapshot of
/// a read-only directory is read-only too); files are never chmod'ed, as they may be hard links
/// shared with other snapshots.
inline void remove_tree(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw_errno("cannot delete " + path);
  }
  if (!S_ISDIR(st.st_mode)) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw_errno("cannot delete " + path);
    return;
  }
  if ((st.st_mode & 0700) != 0700) (void)::chmod(path.c_str(), 0700);
  auto names = list_directory(path);
  if (!names) throw error("cannot delete " + path + ": " + names.error().message);
  for (const auto& name : *names) remove_tree(path + "/" + name);
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) throw_errno("cannot delete " + path);
}

/// Sets owner (when root: others cannot give files away), mode and mtime of what `path` names, not following symlinks.
inline void apply_metadata(const std::string& path, const manifest_entry& e) {
  // chown before chmod: chown clears set-user-ID bits. It is best effort: a root squashed by NFS
  // or a user namespace may not own ids, and the copy is still worth having.
  if (::geteuid() == 0) (void)::lchown(path.c_str(), e.uid, e.gid);
  if (e.type != entry_type::symlink && ::chmod(path.c_str(), e.mode) != 0) throw_errno("cannot chmod " + path);
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(floor_div(e.mtime_ns, ns_per_second));
  times[0].tv_nsec = times[1].tv_nsec = static_cast<long>(e.mtime_ns - floor_div(e.mtime_ns, ns_per_second) * ns_per_second);
  if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) throw_errno("cannot set the mtime of " + path);
}

/// A copied file: its content's sum and size, and the source's stat at open.
struct copied_file {
  std::string sha256;
  std::uint64_t size = 0;
  struct stat source {};
};

/// Copies the regular file `from` to the new file `to`, hashing on the way. Trouble with the
/// source (gone, unreadable, no longer a regular file) is a failure; trouble writing throws.
inline result<copied_file> copy_file(const std::string& from, const std::string& to) {
  unique_fd in(::open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (!in) return errno_failure("cannot open");
  copied_file c;
  if (::fstat(in.get(), &c.source) != 0) return errno_failure("cannot stat");
  if (!S_ISREG(c.source.st_mode)) return fail(errc::io, "no longer a regular file");
  unique_fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out) throw_errno("cannot create " + to);
  sha256 h;
  std::string buf(1 << 17, '\0');
  for (;;) {
    ssize_t got = read_some(in.get(), buf.data(), buf.size());
    if (got < 0) {
      int code = errno;
      ::unlink(to.c_str());
      return errno_failure("cannot read", code);
    }
    if (got == 0) break;
    std::string_view chunk(buf.data(), static_cast<std::size_t>(got));
    if (!write_all(out.get(), chunk)) throw_errno("cannot write " + to);
    h.update(chunk);
    c.size += static_cast<std::uint64_t>(got);
  }
  if (::close(out.release()) != 0) throw_errno("cannot write " + to);
  c.sha256 = sha256::to_hex(h.finish());
  return c;
}

/// The time and same-second sequence number of a snapshot name ("20261129T023836Z", "..._2").
inline std::optional<std::pair<timestamp_ns, unsigned>> parse_snapshot_name(std::string_view name) {
  if (name.size() < 16 || name[8] != 'T' || name[15] != 'Z') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (!is_digit(name[i])) return std::nullopt;
      v = v * 10 + (name[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), mo = digits(4, 2), d = digits(6, 2), h = digits(9, 2), mi = digits(11, 2), s = digits(13, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  // A date that does not exist (Feb 30, hour 24) does not come back the same from a round trip.
  civil_time t{*y, *mo, *d, *h, *mi, *s, 0};
  auto back = to_civil(to_timestamp(t));
  if (back.year != t.year || back.month != t.month || back.day != t.day || back.hour != t.hour ||
      back.minute != t.minute || back.second != t.second)
    return std::nullopt;
  unsigned seq = 0;
  if (name.size() > 16) {
    auto n = name[16] == '_' ? parse_u64(name.substr(17)) : std::nullopt;
    if (!n || *n == 0 || *n > 1'000'000 || name[17] == '0') return std::nullopt;
    seq = static_cast<unsigned>(*n);
  }
  return std::pair{to_timestamp(t), seq};
}

/// "20261129T023836Z" (ISO 8601 basic format: no ':' to trouble scp, rsync or Windows).
inline std::string format_snapshot_name(timestamp_ns t) {
  auto c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
  return buf;
}

/// flock on <repo>/.lock, released by the destructor.
class repo_lock {
 public:
  repo_lock(const std::string& root, bool exclusive) {
    std::string path = root + "/.lock";
    fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) {
      // A read-only repository (a mounted archive) can still be verified and restored from.
      if (!exclusive && (errno == EROFS || errno == EACCES)) return;
      throw_errno("cannot open " + path);
    }
    if (::flock(fd_.get(), (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK)
        throw error("backup repository " + root + " is busy: another 'backup " +
                    (exclusive ? "create/prune/verify/restore" : "create/prune") + "' holds its lock");
      throw_errno("cannot lock " + path);
    }
  }

 private:
  unique_fd fd_;
};

}  // namespace detail

/// A directory of snapshots of directory trees.
///
///     aiops::sys::backup_repository repo("/var/backups/www");
///     auto r = repo.create("/srv/www");                  // 20261129T023836Z: 4980 linked, 20 copied
///     auto v = repo.verify(r.snapshot.name);              // v.issues: changed, missing, extra files
///     repo.restore("latest", "/tmp/www-restored", "conf");
///     repo.prune({.keep_last = 3, .keep_daily = 7, .keep_weekly = 4}, /*dry_run=*/true);
///
/// Not thread-safe; separate processes are kept apart by a lock file.
/// @throws aiops::sys::system_error when the repository cannot be read or written;
///         aiops::error for a missing snapshot, a damaged manifest or a busy repository.
class backup_repository {
 public:
  explicit backup_repository(std::string root) : root_(std::move(root)) {
    while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  }

  const std::string& root() const noexcept { return root_; }

  /// Snapshots `source` (a directory) into a new snapshot; files unchanged since the newest
  /// snapshot become hard links to its copy. The repository is created when missing.
  snapshot_report create(const std::string& source, const snapshot_options& options = {});

  /// The complete snapshots, oldest first; interrupted or foreign directories are ignored.
  std::vector<snapshot_info> list() const;

  /// A snapshot's manifest; `name` may be "latest".
  manifest read_manifest(const std::string& name) const;

  /// Compares a snapshot's files with its manifest: content (SHA-256), size, type, mode, mtime
  /// and symlink targets; reports each changed, missing and extra path. Owners are not compared:
  /// a snapshot made without root privileges cannot give its copies the source's owners.
  verify_report verify(const std::string& name) const;

  /// Copies a snapshot, or the path `subpath` inside it with its parent directories, into
  /// `target`, which must be missing or empty. Contents are checked against the manifest on the way.
  restore_report restore(const std::string& name, const std::string& target, const std::string& subpath = "") const;

  /// Deletes the snapshots that `policy` does not keep (nothing when `dry_run`); returns the
  /// verdict on every snapshot, newest first.
  /// @throws std::invalid_argument when the policy keeps nothing.
  std::vector<prune_decision> prune(const retention_policy& policy, bool dry_run);

 private:
  std::string snapshot_dir(const std::string& name) const { return root_ + "/" + name; }
  std::string resolve(const std::string& name) const;
  void require_repository() const;
  void remove_leftovers() const;

  std::string root_;
};

inline void backup_repository::require_repository() const {
  struct stat st {};
  if (::stat(root_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) throw error("no backup repository at " + root_);
}

inline std::vector<snapshot_info> backup_repository::list() const {
  require_repository();
  auto names = detail::list_directory(root_);
  if (!names) throw error("cannot list " + root_ + ": " + names.error().message);
  std::vector<std::pair<std::pair<timestamp_ns, unsigned>, snapshot_info>> found;
  for (const auto& name : *names) {
    auto key = detail::parse_snapshot_name(name);
    if (!key) continue;
    // Only the last line is needed to tell a complete manifest: "end <count> <sum>".
    detail::unique_fd fd(::open((snapshot_dir(name) + "/manifest").c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) continue;
    char tail[128];
    off_t from = st.st_size > off_t(sizeof tail) ? st.st_size - off_t(sizeof tail) : 0;
    ssize_t got = ::pread(fd.get(), tail, sizeof tail, from);
    if (got <= 0) continue;
    std::string_view t(tail, static_cast<std::size_t>(got));
    if (t.back() != '\n') continue;
    t.remove_suffix(1);
    auto line = t.substr(t.rfind('\n') == std::string_view::npos ? 0 : t.rfind('\n') + 1);
    auto f = split(line, ' ');
    auto count = f.size() == 3 && f[0] == "end" && f[2].size() == 64 ? detail::parse_u64(f[1]) : std::nullopt;
    if (!count) continue;
    found.push_back({*key, snapshot_info{name, key->first, static_cast<std::size_t>(*count)}});
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<snapshot_info> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

inline std::string backup_repository::resolve(const std::string& name) const {
  auto all = list();
  if (name == "latest") {
    if (all.empty()) throw error("no snapshot in " + root_);
    return all.back().name;
  }
  for (const auto& s : all)
    if (s.name == name) return name;
  throw error("no complete snapshot '" + name + "' in " + root_);
}

inline manifest backup_repository::read_manifest(const std::string& name) const {
  std::string path = snapshot_dir(resolve(name)) + "/manifest";
  auto text = detail::read_file(path);
  if (!text) throw error(text.error().message);
  auto m = parse_manifest(*text);
  if (!m) throw parse_error(path + ": " + m.error().message);
  return std::move(*m);
}

inline void backup_repository::remove_leftovers() const {
  auto names = detail::list_directory(root_);
  if (!names) throw error("cannot list " + root_ + ": " + names.error().message);
  for (const auto& name : *names) {
    if (name.rfind(".tmp-", 0) != 0 && name.rfind(".trash-", 0) != 0) continue;
    detail::remove_tree(snapshot_dir(name));
  }
}

inline snapshot_report backup_repository::create(const std::string& source, const snapshot_options& options) {
  using namespace detail;
  struct stat src {};
  if (::stat(source.c_str(), &src) != 0) throw_errno("cannot back up " + source);
  if (!S_ISDIR(src.st_mode)) throw error("cannot back up " + source + ": not a directory");
  std::error_code ec;
  std::filesystem::create_directories(root_, ec);
  if (ec) throw error("cannot create the repository " + root_ + ": " + ec.message());
  repo_lock lock(root_, true);
  remove_leftovers();

  struct stat repo_st {};
  if (::stat(root_.c_str(), &repo_st) != 0) throw_errno("cannot stat " + root_);
  auto previous = list();
  std::optional<manifest> prev;
  std::unordered_map<std::string, const manifest_entry*> prev_files;
  std::string prev_tree;
  snapshot_report report;
  if (!previous.empty()) {
    try {
      prev = read_manifest(previous.back().name);
      prev_tree = snapshot_dir(previous.back().name) + "/tree";
      report.previous = previous.back().name;
      for (const auto& e : prev->entries)
        if (e.type == entry_type::file) prev_files.emplace(e.path, &e);
    } catch (const parse_error& e) {
      // A damaged manifest must not stop the next backup: copy everything instead of linking.
      report.previous_problem = e.what();
    }
  }

  timestamp_ns now = options.time.value_or(wall_now());
  std::string name = format_snapshot_name(now);
  for (unsigned seq = 1; ::access(snapshot_dir(name).c_str(), F_OK) == 0; ++seq)
    name = format_snapshot_name(now) + "_" + std::to_string(seq);

  report.snapshot.name = name;
  report.snapshot.time = parse_snapshot_name(name)->first;
  report.path = snapshot_dir(name);
  const std::string tmp = snapshot_dir(".tmp-" + name);
  const std::string tree = tmp + "/tree";
  if (::mkdir(tmp.c_str(), 0700) != 0) throw_errno("cannot create " + tmp);
  try {
    if (::mkdir(tree.c_str(), 0700) != 0) throw_errno("cannot create " + tree);
    manifest m;
    m.source = std::filesystem::absolute(source).lexically_normal().string();
    m.created = now;
    m.entries.push_back(entry_of(".", src));

    auto copy = [&](const std::string& rel, const std::string& dst) {
      auto c = copy_file(join_path(source, rel), dst);
      if (!c) {
        report.skipped.push_back({rel, c.error().message});
        return;
      }
      manifest_entry e = entry_of(rel, c->source);
      e.size = c->size;
      e.sha256 = c->sha256;
      apply_metadata(dst, e);
      ++report.copied_files;
      report.copied_bytes += c->size;
      m.entries.push_back(std::move(e));
    };
    auto unchanged = [&](const std::string& rel, const struct stat& st) -> const manifest_entry* {
      auto it = prev_files.find(rel);
      if (it == prev_files.end()) return nullptr;
      const manifest_entry& old = *it->second;
      if (old.size != static_cast<std::uint64_t>(st.st_size) || old.mtime_ns != mtime_ns(st) ||
          old.mode != (st.st_mode & 07777) || old.uid != st.st_uid || old.gid != st.st_gid)
        return nullptr;
      if (options.verify_unchanged) {
        auto sum = sha256_file(join_path(source, rel));
        if (!sum || *sum != old.sha256) return nullptr;
      }
      return &old;
    };
    auto visit = [&](const std::string& rel, const struct stat& st) -> bool {
      std::string dst = join_path(tree, rel);
      auto type = type_of(st);
      if (!type) {
        report.skipped.push_back({rel, "special file (device, fifo or socket)"});
        return false;
      }
      if (*type == entry_type::directory) {
        if (st.st_dev == repo_st.st_dev && st.st_ino == repo_st.st_ino) {
          report.skipped.push_back({rel, "the backup repository itself"});
          return false;
        }
        if (::mkdir(dst.c_str(), 0700) != 0) throw_errno("cannot create " + dst);
        m.entries.push_back(entry_of(rel, st));
        ++report.directories;
        return !options.one_file_system || st.st_dev == src.st_dev;
      }
      if (*type == entry_type::symlink) {
        std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
        ssize_t len = ::readlink(join_path(source, rel).c_str(), target.data(), target.size());
        if (len < 0 || static_cast<std::size_t>(len) >= target.size()) {
          report.skipped.push_back({rel, len < 0 ? std::strerror(errno) : "symlink changed while reading"});
          return false;
        }
        target.resize(static_cast<std::size_t>(len));
        if (::symlink(target.c_str(), dst.c_str()) != 0) throw_errno("cannot create symlink " + dst);
        manifest_entry e = entry_of(rel, st);
        e.size = target.size();
        e.target = std::move(target);
        apply_metadata(dst, e);
        m.entries.push_back(std::move(e));
        ++report.symlinks;
        return false;
      }
      if (const manifest_entry* old = unchanged(rel, st)) {
        if (::link(join_path(prev_tree, rel).c_str(), dst.c_str()) == 0) {
          manifest_entry e = entry_of(rel, st);
          e.sha256 = old->sha256;
          ++report.linked_files;
          report.linked_bytes += e.size;
          m.entries.push_back(std::move(e));
          return false;
        }
        // Too many links, or the previous copy is gone: a fresh copy does as well.
        if (errno != EMLINK && errno != ENOENT && errno != EXDEV && errno != EPERM)
          throw_errno("cannot link " + dst);
      }
      copy(rel, dst);
      return false;
    };
    auto trouble = [&](const std::string& rel, const std::string& why) { report.skipped.push_back({rel, why}); };
    walk_tree(source, ".", visit, trouble);
    report.files = report.linked_files + report.copied_files;

    sort_entries(m.entries);
    // Directory times last, deepest first: creating what they contain changed them.
    for (auto it = m.entries.rbegin(); it != m.entries.rend(); ++it)
      if (it->type == entry_type::directory) apply_metadata(join_path(tree, it->path), *it);

    // Durability order: data, then manifest, then the rename that makes the snapshot visible.
    unique_fd tmp_fd(::open(tmp.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!tmp_fd || ::syncfs(tmp_fd.get()) != 0) throw_errno("cannot flush " + tmp);
    std::string text = format_manifest(m);
    std::string manifest_path = tmp + "/manifest";
    unique_fd out(::open(manifest_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!out || !write_all(out.get(), text) || ::fsync(out.get()) != 0) throw_errno("cannot write " + manifest_path);
    if (::close(out.release()) != 0) throw_errno("cannot write " + manifest_path);
    fsync_directory(tmp);
    if (::rename(tmp.c_str(), report.path.c_str()) != 0) throw_errno("cannot rename " + tmp);
    fsync_directory(root_);
    report.snapshot.entries = m.entries.size();
  } catch (...) {
    try {
      detail::remove_tree(tmp);
    } catch (const error&) {  // the first failure matters more; the next run removes what is left
    }
    throw;
  }
  return report;
}

inline verify_report backup_repository::verify(const std::string& name) const {
  using namespace detail;
  require_repository();
  repo_lock lock(root_, false);
  verify_report report;
  report.snapshot = resolve(name);
  manifest m = read_manifest(report.snapshot);
  const std::string tree = snapshot_dir(report.snapshot) + "/tree";
  std::unordered_set<std::string> known;
  for (const auto& e : m.entries) {
    known.insert(e.path);
    ++report.checked;
    std::string path = join_path(tree, e.path);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT)
        report.issues.push_back({verify_issue::kind::missing, e.path, ""});
      else
        report.issues.push_back({verify_issue::kind::changed, e.path, std::strerror(errno)});
      continue;
    }
    auto type = type_of(st);
    if (type != e.type) {
      report.issues.push_back({verify_issue::kind::changed, e.path,
                               std::string("type ") + type_name(e.type) + " -> " + (type ? type_name(*type) : "special file")});
      continue;
    }
    std::vector<std::string> what;
    if (e.type == entry_type::file) {
      if (static_cast<std::uint64_t>(st.st_size) != e.size) {
        what.push_back("size " + std::to_string(e.size) + " -> " + std::to_string(st.st_size));
      } else {
        auto sum = sha256_file(path);
        report.bytes += e.size;
        if (!sum)
          what.push_back(sum.error().message);
        else if (*sum != e.sha256)
          what.push_back("content");
      }
    }
    if (e.type == entry_type::symlink) {
      std::string target(4096, '\0');
      ssize_t len = ::readlink(path.c_str(), target.data(), target.size());
      if (len < 0 || target.substr(0, static_cast<std::size_t>(len)) != e.target) what.push_back("target");
    }
    if (e.type != entry_type::symlink && (st.st_mode & 07777) != e.mode)
      what.push_back("mode " + octal_mode(e.mode) + " -> " + octal_mode(st.st_mode & 07777));
    if (mtime_ns(st) != e.mtime_ns) what.push_back("mtime");
    if (!what.empty()) report.issues.push_back({verify_issue::kind::changed, e.path, join(what, ", ")});
  }
  auto visit = [&](const std::string& rel, const struct stat&) {
    if (known.count(rel) != 0) return true;
    report.issues.push_back({verify_issue::kind::extra, rel, ""});
    return false;  // one report for an extra directory, not one per file in it
  };
  auto trouble = [&](const std::string& rel, const std::string& why) {
    report.issues.push_back({verify_issue::kind::changed, rel, why});
  };
  walk_tree(tree, ".", visit, trouble);
  return report;
}

inline restore_report backup_repository::restore(const std::string& name, const std::string& target,
                                                 const std::string& subpath) const {
  using namespace detail;
  require_repository();
  repo_lock lock(root_, false);
  std::string snapshot = resolve(name);
  manifest m = read_manifest(snapshot);
  const std::string tree = snapshot_dir(snapshot) + "/tree";

  std::string sub(subpath);
  while (!sub.empty() && sub.front() == '/') sub.erase(0, 1);
  while (sub.rfind("./", 0) == 0) sub.erase(0, 2);
  while (!sub.empty() && sub.back() == '/') sub.pop_back();
  if (sub.empty()) sub = ".";
  auto inside = [](const std::string& path, const std::string& dir) {  // path is dir or below it
    return dir == "." || path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/');
  };
  std::vector<const manifest_entry*> chosen;
  bool found = false;
  for (const auto& e : m.entries) {
    found = found || e.path == sub;
    // Also the directories above `sub`, so the restored path keeps its place and their modes.
    if (inside(e.path, sub) || (e.type == entry_type::directory && inside(sub, e.path))) chosen.push_back(&e);
  }
  if (!found) throw error("no '" + sub + "' in snapshot " + snapshot);

  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) {
    auto names = list_directory(target);
    if (!S_ISDIR(st.st_mode) || !names || !names->empty())
      throw error("restore target " + target + " must be missing or an empty directory");
  } else {
    std::error_code ec;
    std::filesystem::create_directories(target, ec);
    if (ec) throw error("cannot create " + target + ": " + ec.message());
  }

  restore_report report;
  std::vector<const manifest_entry*> dirs;
  for (const manifest_entry* e : chosen) {
    std::string dst = join_path(target, e->path);
    if (e->type == entry_type::directory) {
      if (e->path != "." && ::mkdir(dst.c_str(), 0700) != 0) throw_errno("cannot create " + dst);
      dirs.push_back(e);
      ++report.directories;
    } else if (e->type == entry_type::symlink) {
      if (::symlink(e->target.c_str(), dst.c_str()) != 0) throw_errno("cannot create symlink " + dst);
      apply_metadata(dst, *e);
      ++report.symlinks;
    } else {
      std::string src = join_path(tree, e->path);
      auto c = copy_file(src, dst);
      if (!c) {
        bool gone = ::lstat(src.c_str(), &st) != 0 && errno == ENOENT;
        report.issues.push_back({gone ? verify_issue::kind::missing : verify_issue::kind::changed, e->path,
                                 gone ? "" : c.error().message});
        continue;
      }
      if (c->sha256 != e->sha256) report.issues.push_back({verify_issue::kind::changed, e->path, "content"});
      apply_metadata(dst, *e);
      ++report.files;
      report.bytes += c->size;
    }
  }
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) apply_metadata(join_path(target, (*it)->path), **it);
  return report;
}

inline std::vector<prune_decision> backup_repository::prune(const retention_policy& policy, bool dry_run) {
  require_repository();
  if (policy.empty()) throw std::invalid_argument("retention policy keeps nothing: set at least one keep_* count");
  detail::repo_lock lock(root_, !dry_run);
  if (!dry_run) remove_leftovers();
  auto all = list();
  std::vector<timestamp_ns> times;
  for (const auto& s : all) times.push_back(s.time);
  std::vector<prune_decision> out;
  for (auto& d : plan_retention(times, policy)) {
    out.push_back({all[d.index], d.keep, std::move(d.reasons)});
    if (d.keep || dry_run) continue;
    // Out of the listing first, in one atomic step; a crash while deleting leaves only a .trash- leftover.
    std::string trash = snapshot_dir(".trash-" + all[d.index].name);
    if (::rename(snapshot_dir(all[d.index].name).c_str(), trash.c_str()) != 0)
      detail::throw_errno("cannot remove snapshot " + all[d.index].name);
    detail::remove_tree(trash);
  }
  if (!dry_run) detail::fsync_directory(root_);
  return out;
}

}  // namespace sys
AIOPS_END_NAMESPACE
