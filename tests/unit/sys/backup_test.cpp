// aiops: snapshot backups on temporary directories: hard links, verify, crashes, restore, prune
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sys/stat.h>  // stat, chmod, mkfifo, utimensat
#include <unistd.h>    // symlink, readlink, geteuid

#include <algorithm>   // std::find_if
#include <filesystem>  // std::filesystem

#include <aiops/sys/backup.hpp>

#include "temp_dir.hpp"

using namespace aiops;
using namespace aiops::sys;
using aiops::testing::read_text;
using aiops::testing::temp_dir;
using aiops::testing::write_text;
using Catch::Matchers::Contains;

namespace {
struct stat stat_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st;
}

void set_mtime(const std::string& path, std::int64_t seconds) {
  timespec t[2] = {{seconds, 0}, {seconds, 0}};
  REQUIRE(::utimensat(AT_FDCWD, path.c_str(), t, AT_SYMLINK_NOFOLLOW) == 0);
}

// A small tree with the cases that matter: binary content, spaces, modes, a symlink, an empty directory.
void make_tree(const std::string& root) {
  write_text(root + "/a.txt", "hello\n");
  std::string binary;
  for (int i = 0; i < 100'000; ++i) binary += static_cast<char>(i * 31 % 256);
  write_text(root + "/dir/b.bin", binary);
  write_text(root + "/dir/with space\tand tab.txt", "spaces");
  write_text(root + "/secret", "s3cr3t");
  ::chmod((root + "/secret").c_str(), 0600);
  write_text(root + "/run.sh", "#!/bin/sh\necho hi\n");
  ::chmod((root + "/run.sh").c_str(), 0755);
  REQUIRE(::symlink("dir/b.bin", (root + "/link").c_str()) == 0);
  std::filesystem::create_directories(root + "/empty");
  set_mtime(root + "/a.txt", 1'600'000'000);
  set_mtime(root + "/link", 1'600'000'100);
  set_mtime(root + "/dir", 1'600'000'200);
}

snapshot_options at_time(const char* rfc3339) {
  snapshot_options o;
  o.time = parse_rfc3339(rfc3339).value();
  return o;
}

bool has_issue(const std::vector<verify_issue>& issues, verify_issue::kind k, const std::string& path) {
  return std::find_if(issues.begin(), issues.end(), [&](const verify_issue& i) { return i.what == k && i.path == path; }) !=
         issues.end();
}
}  // namespace

TEST_CASE("a second snapshot of an unchanged tree hard-links every file", "[backup]") {
  temp_dir src, repo_dir;
  make_tree(src.path);
  backup_repository repo(repo_dir.path);
  auto first = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  CHECK(first.snapshot.name == "20260301T100000Z");
  CHECK(first.files == 5);
  CHECK(first.copied_files == 5);
  CHECK(first.linked_files == 0);
  CHECK(first.symlinks == 1);
  CHECK(first.directories == 2);
  CHECK(first.skipped.empty());

  auto second = repo.create(src.path, at_time("2026-03-01T11:00:00Z"));
  CHECK(second.linked_files == 5);
  CHECK(second.copied_files == 0);
  CHECK(second.linked_bytes == first.copied_bytes);
  for (const char* f : {"a.txt", "dir/b.bin", "dir/with space\tand tab.txt", "secret", "run.sh"}) {
    auto a = stat_of(first.path + "/tree/" + f);
    auto b = stat_of(second.path + "/tree/" + f);
    CHECK(a.st_ino == b.st_ino);  // the same file on disk
    CHECK(b.st_nlink == 2);
  }
  // Metadata and symlinks are kept.
  CHECK((stat_of(second.path + "/tree/secret").st_mode & 07777) == 0600);
  CHECK((stat_of(second.path + "/tree/run.sh").st_mode & 07777) == 0755);
  CHECK(stat_of(second.path + "/tree/a.txt").st_mtim.tv_sec == 1'600'000'000);
  CHECK(stat_of(second.path + "/tree/dir").st_mtim.tv_sec == 1'600'000'200);
  auto link = stat_of(second.path + "/tree/link");
  CHECK(S_ISLNK(link.st_mode));
  CHECK(link.st_mtim.tv_sec == 1'600'000'100);
  CHECK(std::filesystem::read_symlink(second.path + "/tree/link") == "dir/b.bin");
  CHECK(std::filesystem::is_directory(second.path + "/tree/empty"));

  // A changed file is copied; the rest stays linked.
  write_text(src / "a.txt", "hello, world\n");
  auto third = repo.create(src.path, at_time("2026-03-01T12:00:00Z"));
  CHECK(third.copied_files == 1);
  CHECK(third.linked_files == 4);
  CHECK(read_text(third.path + "/tree/a.txt") == "hello, world\n");
  CHECK(read_text(second.path + "/tree/a.txt") == "hello\n");

  auto listed = repo.list();
  REQUIRE(listed.size() == 3);
  CHECK(listed[0].name == "20260301T100000Z");
  CHECK(listed[2].entries == 9);  // root, 2 dirs, 5 files, 1 symlink
  CHECK(repo.verify("latest").ok());
}

TEST_CASE("verify_unchanged catches an edit that kept size and mtime", "[backup]") {
  temp_dir src, repo_dir;
  make_tree(src.path);
  backup_repository repo(repo_dir.path);
  repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  write_text(src / "a.txt", "HELLO\n");  // same size
  set_mtime(src / "a.txt", 1'600'000'000);
  // Without reading the files, size + mtime + mode look unchanged: the old copy is linked.
  auto quick = repo.create(src.path, at_time("2026-03-01T11:00:00Z"));
  CHECK(quick.copied_files == 0);
  snapshot_options careful = at_time("2026-03-01T12:00:00Z");
  careful.verify_unchanged = true;
  auto checked = repo.create(src.path, careful);
  CHECK(checked.copied_files == 1);
  CHECK(read_text(checked.path + "/tree/a.txt") == "HELLO\n");
}

TEST_CASE("verify reports changed, missing and extra files", "[backup]") {
  temp_dir src, repo_dir;
  make_tree(src.path);
  backup_repository repo(repo_dir.path);
  auto snap = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  auto clean = repo.verify(snap.snapshot.name);
  CHECK(clean.ok());
  CHECK(clean.checked == 9);
  CHECK(clean.bytes == snap.copied_bytes);

  const std::string tree = snap.path + "/tree";
  // Same size, new content and the old mtime: only the checksum can tell.
  auto before = stat_of(tree + "/dir/b.bin");
  {
    std::fstream f(tree + "/dir/b.bin", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5000);
    f.put('\x7f');
  }
  timespec t[2] = {before.st_mtim, before.st_mtim};
  REQUIRE(::utimensat(AT_FDCWD, (tree + "/dir/b.bin").c_str(), t, 0) == 0);
  std::filesystem::remove(tree + "/secret");
  write_text(tree + "/dir/intruder", "x");
  std::filesystem::create_directories(tree + "/newdir/deeper");
  ::chmod((tree + "/run.sh").c_str(), 0777);
  write_text(tree + "/a.txt", "hello!\n");

  auto report = repo.verify(snap.snapshot.name);
  CHECK_FALSE(report.ok());
  CHECK(has_issue(report.issues, verify_issue::kind::missing, "secret"));
  CHECK(has_issue(report.issues, verify_issue::kind::extra, "dir/intruder"));
  CHECK(has_issue(report.issues, verify_issue::kind::extra, "newdir"));
  CHECK_FALSE(has_issue(report.issues, verify_issue::kind::extra, "newdir/deeper"));
  CHECK(has_issue(report.issues, verify_issue::kind::changed, "dir/b.bin"));
  CHECK(has_issue(report.issues, verify_issue::kind::changed, "run.sh"));
  CHECK(has_issue(report.issues, verify_issue::kind::changed, "a.txt"));
  for (const auto& i : report.issues) {
    if (i.path == "dir/b.bin") CHECK(i.detail == "content");
    if (i.path == "run.sh") CHECK(i.detail == "mode 0755 -> 0777");
    if (i.path == "a.txt") CHECK_THAT(i.detail, Contains("size 6 -> 7"));
  }
  CHECK_THROWS_WITH(repo.verify("20990101T000000Z"), Contains("no complete snapshot"));
}

TEST_CASE("a crashed run never counts as a snapshot and is cleaned by the next", "[backup]") {
  temp_dir src, repo_dir;
  make_tree(src.path);
  backup_repository repo(repo_dir.path);
  auto good = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));

  // What a crash leaves: a temporary directory with part of a tree and a manifest cut short,
  // a half-deleted snapshot from prune, and (from a foreign tool) a timestamp-named directory
  // whose manifest has no end line.
  const std::string crashed = repo_dir / ".tmp-20260301T110000Z";
  write_text(crashed + "/tree/a.txt", "partial");
  std::string text = read_text(good.path + "/manifest");
  write_text(crashed + "/manifest", text.substr(0, text.size() / 2));
  write_text(repo_dir / ".trash-20250101T000000Z/tree/x", "x");
  write_text(repo_dir / "20260301T120000Z/manifest", text.substr(0, text.rfind("end ")));
  write_text(repo_dir / "notes.txt", "an operator's file");

  auto listed = repo.list();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].name == good.snapshot.name);
  CHECK_THROWS_WITH(repo.verify("20260301T120000Z"), Contains("no complete snapshot"));

  auto next = repo.create(src.path, at_time("2026-03-01T13:00:00Z"));
  CHECK(next.linked_files == 5);  // linked against the last complete snapshot
  CHECK_FALSE(std::filesystem::exists(crashed));
  CHECK_FALSE(std::filesystem::exists(repo_dir / ".trash-20250101T000000Z"));
  CHECK(std::filesystem::exists(repo_dir / "notes.txt"));
  REQUIRE(repo.list().size() == 2);
}

TEST_CASE("two snapshots in the same second get distinct names", "[backup]") {
  temp_dir src, repo_dir;
  write_text(src / "f", "x");
  backup_repository repo(repo_dir.path);
  auto a = repo.create(src.path, at_time("2026-03-01T10:00:00.100Z"));
  auto b = repo.create(src.path, at_time("2026-03-01T10:00:00.900Z"));
  CHECK(a.snapshot.name == "20260301T100000Z");
  CHECK(b.snapshot.name == "20260301T100000Z_1");
  auto listed = repo.list();
  REQUIRE(listed.size() == 2);
  CHECK(listed[1].name == b.snapshot.name);
}

TEST_CASE("special files are skipped and reported, a repository inside the source is left out", "[backup]") {
  temp_dir src;
  write_text(src / "f", "x");
  REQUIRE(::mkfifo((src / "pipe").c_str(), 0644) == 0);
  backup_repository repo(src / "backups");
  auto r = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  REQUIRE(r.skipped.size() == 2);
  CHECK(r.skipped[0].path == "backups");
  CHECK(r.skipped[0].reason == "the backup repository itself");
  CHECK(r.skipped[1].path == "pipe");
  CHECK_THAT(r.skipped[1].reason, Contains("special file"));
  CHECK(r.files == 1);
  CHECK_THROWS_WITH(repo.create(src / "f"), Contains("not a directory"));
  CHECK_THROWS_AS(repo.create(src / "missing"), aiops::sys::system_error);
}

TEST_CASE("restore copies a snapshot, or one path in it, into a new directory", "[backup]") {
  temp_dir src, repo_dir, out;
  make_tree(src.path);
  backup_repository repo(repo_dir.path);
  auto snap = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  write_text(src / "a.txt", "changed after the snapshot");

  auto all = repo.restore("latest", out / "all");
  CHECK(all.ok());
  CHECK(all.files == 5);
  CHECK(all.symlinks == 1);
  CHECK(read_text(out / "all/a.txt") == "hello\n");
  CHECK(read_text(out / "all/dir/b.bin") == read_text(src / "dir/b.bin"));
  CHECK((stat_of(out / "all/secret").st_mode & 07777) == 0600);
  CHECK(stat_of(out / "all/a.txt").st_mtim.tv_sec == 1'600'000'000);
  CHECK(stat_of(out / "all/dir").st_mtim.tv_sec == 1'600'000'200);
  CHECK(std::filesystem::read_symlink(out / "all/link") == "dir/b.bin");
  // The restored files are copies: changing one does not touch the snapshot.
  CHECK(stat_of(out / "all/a.txt").st_ino != stat_of(snap.path + "/tree/a.txt").st_ino);

  auto one = repo.restore(snap.snapshot.name, out / "one", "/dir/b.bin");
  CHECK(one.files == 1);
  CHECK(read_text(out / "one/dir/b.bin") == read_text(src / "dir/b.bin"));
  CHECK_FALSE(std::filesystem::exists(out / "one/a.txt"));
  CHECK(stat_of(out / "one/dir").st_mtim.tv_sec == 1'600'000'200);

  CHECK_THROWS_WITH(repo.restore("latest", out / "all"), Contains("missing or an empty directory"));
  CHECK_THROWS_WITH(repo.restore("latest", out / "x", "no/such/path"), Contains("no 'no/such/path'"));

  // A damaged copy in the repository is restored but reported.
  write_text(snap.path + "/tree/dir/with space\tand tab.txt", "SPACES");
  auto damaged = repo.restore("latest", out / "damaged");
  REQUIRE(damaged.issues.size() == 1);
  CHECK(damaged.issues[0].path == "dir/with space\tand tab.txt");
  CHECK(damaged.issues[0].detail == "content");
}

TEST_CASE("prune keeps the snapshots the policy names, given fixed timestamps", "[backup]") {
  temp_dir src, repo_dir;
  write_text(src / "f", "same in every snapshot");
  backup_repository repo(repo_dir.path);
  const char* times[] = {"2026-02-27T08:00:00Z", "2026-02-28T08:00:00Z", "2026-02-28T20:00:00Z",
                         "2026-03-01T08:00:00Z", "2026-03-01T20:00:00Z", "2026-03-02T08:00:00Z"};
  for (const char* t : times) repo.create(src.path, at_time(t));
  retention_policy p;
  p.keep_last = 1;
  p.keep_daily = 3;

  auto dry = repo.prune(p, true);
  REQUIRE(dry.size() == 6);
  CHECK(repo.list().size() == 6);  // a dry run deletes nothing
  std::vector<std::string> kept, removed;
  for (const auto& d : dry) (d.keep ? kept : removed).push_back(d.snapshot.name);
  CHECK(kept == std::vector<std::string>{"20260302T080000Z", "20260301T200000Z", "20260228T200000Z"});
  CHECK(removed == std::vector<std::string>{"20260301T080000Z", "20260228T080000Z", "20260227T080000Z"});

  auto done = repo.prune(p, false);
  std::vector<std::string> left;
  for (const auto& s : repo.list()) left.push_back(s.name);
  CHECK(left == std::vector<std::string>{"20260228T200000Z", "20260301T200000Z", "20260302T080000Z"});
  // The kept snapshots' hard links still hold the data the deleted ones shared.
  for (const auto& name : left) CHECK(repo.verify(name).ok());
  CHECK_THROWS_AS(repo.prune(retention_policy{}, true), std::invalid_argument);
}

TEST_CASE("prune and cleanup delete snapshots of read-only directories", "[backup]") {
  temp_dir src, repo_dir;
  write_text(src / "ro/file", "x");
  ::chmod((src / "ro").c_str(), 0555);
  ::chmod(src.path.c_str(), 0555);
  backup_repository repo(repo_dir.path);
  repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  repo.create(src.path, at_time("2026-03-02T10:00:00Z"));
  ::chmod(src.path.c_str(), 0755);
  ::chmod((src / "ro").c_str(), 0755);  // so that temp_dir can clean up
  CHECK((stat_of(repo_dir / "20260301T100000Z/tree/ro").st_mode & 07777) == 0555);
  retention_policy p;
  p.keep_last = 1;
  repo.prune(p, false);
  REQUIRE(repo.list().size() == 1);
  CHECK_FALSE(std::filesystem::exists(repo_dir / "20260301T100000Z"));
  CHECK(repo.verify("latest").ok());
}

TEST_CASE("a damaged previous manifest means a full copy, not a failed backup", "[backup]") {
  temp_dir src, repo_dir;
  write_text(src / "f", "content");
  backup_repository repo(repo_dir.path);
  auto first = repo.create(src.path, at_time("2026-03-01T10:00:00Z"));
  std::string text = read_text(first.path + "/manifest");
  text[text.find("\nf 0644") + 4] = '7';  // 0644 -> 0744: valid syntax, so only the checksum tells
  write_text(first.path + "/manifest", text);
  CHECK_THROWS_AS(repo.verify(first.snapshot.name), aiops::parse_error);
  auto second = repo.create(src.path, at_time("2026-03-02T10:00:00Z"));
  CHECK(second.previous.empty());
  CHECK_THAT(second.previous_problem, Contains("checksum mismatch"));
  CHECK(second.copied_files == 1);
  auto third = repo.create(src.path, at_time("2026-03-03T10:00:00Z"));
  CHECK(third.previous == second.snapshot.name);
  CHECK(third.linked_files == 1);
}
