// aiops: `aiops backup create|list|verify|restore|prune`: snapshot backups with hard links, checksums and retention
// SPDX-License-Identifier: MIT
#include <chrono>   // std::chrono::steady_clock
#include <cstdint>  // std::uint64_t
#include <cstdio>   // stderr
#include <memory>   // std::make_shared
#include <string>   // std::string
#include <vector>   // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/sys.hpp>

#include "command.hpp"

namespace cmd_backup {

struct backup_args {
  std::string repo;
  std::string source;
  std::string snapshot = "latest";
  std::string target;
  std::string path;
  bool verify_unchanged = false;
  bool one_file_system = false;
  bool all = false;
  bool dry_run = false;
  aiops::sys::retention_policy policy;
};

std::string human_bytes(std::uint64_t n) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 5) v /= 1024, ++u;
  return u == 0 ? fmt::format("{} B", n) : fmt::format("{:.1f} {}", v, units[u]);
}

void print_issues(const std::vector<aiops::sys::verify_issue>& issues) {
  for (const auto& i : issues)
    fmt::print("{:<8} {}{}\n", aiops::sys::to_string(i.what), i.path, i.detail.empty() ? "" : " (" + i.detail + ")");
}

void create(const backup_args& a) {
  aiops::sys::snapshot_options o;
  o.verify_unchanged = a.verify_unchanged;
  o.one_file_system = a.one_file_system;
  const auto start = std::chrono::steady_clock::now();
  auto r = aiops::sys::backup_repository(a.repo).create(a.source, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  fmt::print("snapshot {} of {} in {:.2f} s ({})\n", r.snapshot.name, a.source, seconds,
             r.previous.empty() ? "full copy" : "unchanged files linked to " + r.previous);
  if (!r.previous_problem.empty()) fmt::print(stderr, "warning: previous snapshot not used: {}\n", r.previous_problem);
  fmt::print("  {} files ({} unchanged, hard-linked; {} copied), {} directories, {} symlinks\n", r.files, r.linked_files,
             r.copied_files, r.directories, r.symlinks);
  fmt::print("  copied {}, linked {}\n", human_bytes(r.copied_bytes), human_bytes(r.linked_bytes));
  for (const auto& s : r.skipped) fmt::print(stderr, "warning: skipped {}: {}\n", s.path, s.reason);
  // Like restic: the snapshot exists, but it is not the whole tree.
  if (!r.skipped.empty()) throw CLI::RuntimeError(3);
}

void list(const backup_args& a) {
  auto all = aiops::sys::backup_repository(a.repo).list();
  if (all.empty()) {
    fmt::print("no snapshots in {}\n", a.repo);
    return;
  }
  fmt::print("{:<20} {:<22} {:>8}\n", "SNAPSHOT", "TIME (UTC)", "ENTRIES");
  for (const auto& s : all) fmt::print("{:<20} {:<22} {:>8}\n", s.name, aiops::format_rfc3339(s.time, 0), s.entries);
}

void verify(const backup_args& a) {
  aiops::sys::backup_repository repo(a.repo);
  std::vector<std::string> names;
  if (a.all) {
    for (const auto& s : repo.list()) names.push_back(s.name);
    if (names.empty()) {  // nothing verified is no "all fine": a cron job must see it
      fmt::print(stderr, "error: no snapshot in {} to verify\n", a.repo);
      throw CLI::RuntimeError(1);
    }
  } else {
    names.push_back(a.snapshot);
  }
  std::size_t bad = 0;
  for (const auto& name : names) {
    auto r = repo.verify(name);
    print_issues(r.issues);
    fmt::print("snapshot {}: {} entries checked, {} hashed, {}\n", r.snapshot, r.checked, human_bytes(r.bytes),
               r.ok() ? "ok" : fmt::format("{} problems", r.issues.size()));
    bad += r.ok() ? 0 : 1;
  }
  if (bad != 0) throw CLI::RuntimeError(1);
}

void restore(const backup_args& a) {
  auto r = aiops::sys::backup_repository(a.repo).restore(a.snapshot, a.target, a.path);
  print_issues(r.issues);
  fmt::print("restored {} files ({}), {} directories, {} symlinks into {}\n", r.files, human_bytes(r.bytes),
             r.directories, r.symlinks, a.target);
  if (!r.ok()) {
    fmt::print(stderr, "error: {} files did not match the manifest (restored anyway)\n", r.issues.size());
    throw CLI::RuntimeError(1);
  }
}

void prune(const backup_args& a) {
  if (a.policy.empty()) {
    fmt::print(stderr, "aiops backup prune: give at least one of --keep-last, --keep-hourly, --keep-daily, "
                       "--keep-weekly, --keep-monthly, --keep-yearly\n");
    throw CLI::RuntimeError(2);
  }
  auto decisions = aiops::sys::backup_repository(a.repo).prune(a.policy, a.dry_run);
  std::size_t removed = 0;
  for (const auto& d : decisions) {
    fmt::print("{:<12} {}  {}\n", d.keep ? "keep" : (a.dry_run ? "would remove" : "remove"), d.snapshot.name,
               aiops::join(d.reasons, ","));
    removed += d.keep ? 0 : 1;
  }
  fmt::print("{} kept, {} {}\n", decisions.size() - removed, removed, a.dry_run ? "would be removed (dry run)" : "removed");
}

void setup(CLI::App& sub) {
  auto a = std::make_shared<backup_args>();
  sub.require_subcommand(1);
  auto repo_option = [&](CLI::App* cmd) {
    cmd->add_option("--repo", a->repo, "Repository directory (or $AIOPS_BACKUP_REPO)")->envname("AIOPS_BACKUP_REPO")->required();
  };

  auto* c = sub.add_subcommand("create", "Snapshot a directory; unchanged files become hard links to the previous snapshot");
  c->add_option("source", a->source, "Directory to back up")->required()->check(CLI::ExistingDirectory);
  repo_option(c);
  c->add_flag("--verify-unchanged", a->verify_unchanged, "Hash files whose size and mtime did not change before linking them");
  c->add_flag("-x,--one-file-system", a->one_file_system, "Stay on the source's file system");
  c->callback([a] { create(*a); });

  auto* l = sub.add_subcommand("list", "List the complete snapshots, oldest first");
  repo_option(l);
  l->callback([a] { list(*a); });

  auto* v = sub.add_subcommand("verify", "Check a snapshot against its manifest: changed, missing and extra files");
  repo_option(v);
  v->add_option("snapshot", a->snapshot, "Snapshot name, or 'latest'")->capture_default_str();
  v->add_flag("--all", a->all, "Verify every snapshot");
  v->callback([a] { verify(*a); });

  auto* r = sub.add_subcommand("restore", "Copy a snapshot (or one path in it) into a new directory");
  repo_option(r);
  r->add_option("snapshot", a->snapshot, "Snapshot name, or 'latest'")->required();
  r->add_option("--to", a->target, "Target directory (missing or empty)")->required();
  r->add_option("--path", a->path, "Only this file or directory of the snapshot");
  r->callback([a] { restore(*a); });

  auto* p = sub.add_subcommand("prune", "Delete the snapshots a retention policy does not keep (the newest is always kept)");
  repo_option(p);
  p->add_option("--keep-last", a->policy.keep_last, "Keep the N newest snapshots");
  p->add_option("--keep-hourly", a->policy.keep_hourly, "Keep the newest of each of the last N hours that have one");
  p->add_option("--keep-daily", a->policy.keep_daily, "Keep the newest of each of the last N days (UTC) that have one");
  p->add_option("--keep-weekly", a->policy.keep_weekly, "Keep the newest of each of the last N weeks (Monday-Sunday, UTC)");
  p->add_option("--keep-monthly", a->policy.keep_monthly, "Keep the newest of each of the last N months");
  p->add_option("--keep-yearly", a->policy.keep_yearly, "Keep the newest of each of the last N years");
  p->add_flag("-n,--dry-run", a->dry_run, "Only list what would be removed");
  p->callback([a] { prune(*a); });
}

const aiops::app::register_command reg{{"backup", "Snapshot backups: create, list, verify, restore, prune", setup}};

}  // namespace cmd_backup
