// aiops: tests of the pipeline on generated logs: a planted error burst fires one alert that
// resolves; a pipeline killed mid-way and restarted delivers exactly what an uninterrupted one
// does; undelivered notifications survive a restart; series stay bounded; file rotation
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>      // std::chrono::milliseconds, hours
#include <cstdio>      // std::remove, std::rename, std::snprintf
#include <filesystem>  // std::filesystem::rename, exists
#include <fstream>     // std::ofstream
#include <memory>      // std::make_shared
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <aiops/pipeline.hpp>

#include "scratch.hpp"

namespace pl = aiops::pipeline;
using aiops::timestamp_ns;

namespace {

// Notifications as text, kept by a shared list so tests see them after the pipeline is gone.
struct recorder final : aiops::alert::notifier {
  std::shared_ptr<std::vector<std::string>> seen = std::make_shared<std::vector<std::string>>();
  int fail_next = 0;
  void send(const aiops::alert::notification& n) override {
    if (fail_next > 0) {
      --fail_next;
      throw aiops::error("receiver down");
    }
    for (const auto& a : n.alerts)
      seen->push_back(std::string(aiops::alert::to_string(a.state)) + " " + a.labels.at("alertname") + " " +
                      aiops::format_rfc3339(a.fired_at, 0) + " " + (a.resolved_at ? aiops::format_rfc3339(a.resolved_at, 0) : "-"));
  }
};

const timestamp_ns day0 = aiops::parse_rfc3339("2026-01-05T00:00:00Z").value();
constexpr int incident_start = 300, incident_end = 315;  // minutes

// Minutes [from, to) of an nginx log: 20 requests a minute, a 500 now and then, and from
// incident_start to incident_end half of them 503.
std::string access_log(int from, int to) {
  std::string out;
  std::uint32_t rng = 12345;
  for (int m = 0; m < to; ++m)
    for (int k = 0; k < 20; ++k) {
      rng = rng * 1664525u + 1013904223u;
      if (m < from) continue;
      const bool incident = m >= incident_start && m < incident_end;
      const int status = incident && k % 2 ? 503 : (rng >> 24) < 3 ? 500 : 200;
      const timestamp_ns t = day0 + m * aiops::ns_per_minute + k * 3 * aiops::ns_per_second;
      const std::string stamp = aiops::format_rfc3339(t, 0);  // 2026-01-05T05:00:03Z
      static const char* months[] = {"Jan"};
      out += "10.0.0." + std::to_string(k) + " - - [" + stamp.substr(8, 2) + "/" + months[0] + "/" + stamp.substr(0, 4) + ":" +
             stamp.substr(11, 8) + " +0000] \"GET /api/orders/" + std::to_string(rng % 1000) + " HTTP/1.1\" " +
             std::to_string(status) + " 512 \"-\" \"curl\" 0.0" + std::to_string(10 + k) + "\n";
    }
  return out;
}

// A scratch directory and the files the pipeline reads and writes in it.
struct workspace {
  aiops::testing::scratch_dir dir;
  explicit workspace(const std::string& name) : dir("pipeline-" + name) {}
  std::string path(const std::string& f) const { return (dir / f).string(); }
  void write(const std::string& f, const std::string& text, bool append = false) const {
    std::ofstream(path(f), append ? std::ios::app : std::ios::trunc) << text;
  }
};

pl::config web_config(const workspace& w, const std::string& state) {
  pl::config c;
  c.name = "test";
  c.state = state.empty() ? "" : w.path(state);
  c.idle_close = false;
  pl::source_config s;
  s.name = "web";
  s.paths = {w.path("access.log")};
  s.parse.format = "nginx";
  s.parse.log_format = R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time)";
  c.sources.push_back(s);
  c.detectors.push_back({.match = {{"feature", "errors"}}, .detector = "zscore", .warmup = 60});
  c.rules.push_back({.name = "WebErrors", .expr = R"(anomaly_score{feature="errors"} > 6)", .for_duration = std::chrono::minutes(2),
                     .keep_firing_for = std::chrono::minutes(5)});
  c.sinks.push_back({.name = "rec", .kind = "stdout"});
  return c;
}

void run_to_end(pl::pipeline& p, std::size_t budget = 50'000) {
  while (p.step(budget) > 0 || !p.caught_up()) {
  }
}

}  // namespace

TEST_CASE("pipeline: a planted error burst fires one alert within minutes, then resolves", "[pipeline]") {
  workspace w("burst");
  w.write("access.log", access_log(0, 400));
  recorder r;
  auto seen = r.seen;
  pl::pipeline p(web_config(w, ""));
  p.set_notifier("rec", std::make_unique<recorder>(r));
  run_to_end(p);
  CHECK(p.stats().records == 400 * 20);
  CHECK(p.stats().bad == 0);
  CHECK(p.stats().fired == 1);
  CHECK(p.stats().resolved == 1);
  REQUIRE(seen->size() == 2);
  const timestamp_ns start = day0 + incident_start * aiops::ns_per_minute;
  // Scored at the end of the first bad minute, firing 2 minutes later: 3 minutes after it began.
  CHECK((*seen)[0] == "firing WebErrors " + aiops::format_rfc3339(start + 3 * aiops::ns_per_minute, 0) + " -");
  CHECK((*seen)[1].starts_with("resolved WebErrors " + aiops::format_rfc3339(start + 3 * aiops::ns_per_minute, 0)));
  // Resolved keep_firing_for (5m) after the last anomalous minute: within the burst plus 5 minutes
  // (a z-score over the last day gets used to a long burst before it ends).
  const timestamp_ns resolved = aiops::parse_rfc3339((*seen)[1].substr((*seen)[1].rfind(' ') + 1)).value();
  CHECK(resolved > start + 8 * aiops::ns_per_minute);
  CHECK(resolved <= start + (incident_end - incident_start + 5) * aiops::ns_per_minute);
}

TEST_CASE("pipeline: killed mid-incident and restarted, it neither loses nor repeats a notification", "[pipeline]") {
  std::vector<std::string> whole;
  {
    workspace w("whole");
    w.write("access.log", access_log(0, 400));
    recorder r;
    pl::pipeline p(web_config(w, "state.json"));
    p.set_notifier("rec", std::make_unique<recorder>(r));
    run_to_end(p);
    whole = *r.seen;
  }
  REQUIRE(whole.size() == 2);

  // Saved after every step, or (the default checkpoint) only when a notification was queued or
  // delivered: the restart then reads again what the killed run had read since.
  for (const auto checkpoint : {std::chrono::milliseconds(0), pl::config{}.checkpoint})
    for (const int kill_at : {304, 306, 318, 330}) {  // pending, firing, keep_firing_for, resolved
      DYNAMIC_SECTION("checkpoint " << checkpoint.count() << " ms, killed at minute " << kill_at) {
        workspace w("restart");
        w.write("access.log", access_log(0, kill_at));
        pl::config c = web_config(w, "state.json");
        c.checkpoint = checkpoint;
        recorder r;
        auto seen = r.seen;
        {
          auto p = std::make_unique<pl::pipeline>(c);
          p->set_notifier("rec", std::make_unique<recorder>(r));
          // Small steps, so the kill falls between two saves of the state as it would in life.
          run_to_end(*p, 997);
        }  // killed: no final save beyond what the steps wrote
        w.write("access.log", access_log(kill_at, 400), true);
        pl::pipeline p(c);
        p.set_notifier("rec", std::make_unique<recorder>(r));
        run_to_end(p, 997);
        CHECK(*seen == whole);
      }
    }
}

TEST_CASE("pipeline: notifications their sink refused wait in the state file for the next run, one per group", "[pipeline]") {
  // Up to minute 310 the alert fires; up to 400 it also resolves, and the resolve replaces the
  // firing queued for a sink known to be down (coalesced): once back, it gets the newest state once.
  for (const int minutes : {310, 400})
    DYNAMIC_SECTION(minutes << " minutes") {
      const bool resolves = minutes == 400;
      workspace w("outbox");
      w.write("access.log", access_log(0, 310));
      recorder down;
      down.fail_next = 1000;
      {
        pl::pipeline p(web_config(w, "state.json"));
        p.set_notifier("rec", std::make_unique<recorder>(down));
        run_to_end(p);  // the sink refuses the firing...
        w.write("access.log", access_log(310, minutes), true);
        run_to_end(p);  // ... and is known to be down when the resolve comes
        CHECK(p.stats().fired == 1);
        CHECK(p.stats().resolved == (resolves ? 1u : 0u));
        CHECK(p.stats().coalesced == (resolves ? 1u : 0u));
        CHECK(p.pending_notifications() == 1);
        CHECK(p.stats().delivery_errors >= 1);
        CHECK(p.last_error() == "rec: receiver down");
        const bool counted = aiops::prom::write(p.metrics().collect()).find(
                                 R"(aiops_pipeline_notifications_total{receiver="rec",result="coalesced"} 1)") != std::string::npos;
        CHECK(counted == resolves);
      }
      recorder up;
      pl::pipeline p(web_config(w, "state.json"));
      p.set_notifier("rec", std::make_unique<recorder>(up));
      p.step();
      CHECK(p.pending_notifications() == 0);
      REQUIRE(up.seen->size() == 1);
      CHECK(up.seen->front().starts_with(resolves ? "resolved WebErrors" : "firing WebErrors"));
    }
}

TEST_CASE("pipeline: past max_outbox the oldest notification is dropped, counted, exported and reported", "[pipeline]") {
  workspace w("cap");
  w.write("access.log", access_log(0, 400));
  pl::config c = web_config(w, "");
  c.sinks.push_back({.name = "rec2", .kind = "stdout"});  // a second receiver: a second group
  c.max_outbox = 1;
  recorder down;
  down.fail_next = 1000;
  pl::pipeline p(c);
  p.set_notifier("rec", std::make_unique<recorder>(down));
  p.set_notifier("rec2", std::make_unique<recorder>(down));
  run_to_end(p);
  CHECK(p.stats().notifications == 4);  // firing and resolved, for each receiver
  CHECK(p.pending_notifications() == 1);
  CHECK(p.stats().dropped == 3);
  const std::string text = aiops::prom::write(p.metrics().collect());
  CHECK(text.find(R"(aiops_pipeline_notifications_total{receiver="rec",result="dropped"} )") != std::string::npos);
}

TEST_CASE("pipeline: feature series stay bounded by max_series and max_templates", "[pipeline]") {
  workspace w("bounded");
  w.write("access.log", access_log(0, 120));
  pl::config c = web_config(w, "");
  c.max_templates = 5;
  c.max_series = 3;
  c.detectors = {{.match = {{"feature", "*"}}, .detector = "zscore", .warmup = 10}};
  pl::pipeline p(c);
  run_to_end(p);
  CHECK(p.stats().windows == 119);  // the last minute stays open
  CHECK(p.stats().skipped_series > 0);
}

TEST_CASE("pipeline: a followed file renamed away and created again is read to its end, then anew", "[pipeline]") {
  workspace w("rotate");
  w.write("access.log", access_log(0, 100));
  pl::config c = web_config(w, "state.json");
  pl::pipeline p(c);
  run_to_end(p);
  CHECK(p.stats().records == 100 * 20);
  w.write("access.log", access_log(100, 110), true);  // written before the rename
  std::filesystem::rename(w.path("access.log"), w.path("access.log.1"));
  w.write("access.log", access_log(110, 120));
  run_to_end(p);
  run_to_end(p);
  CHECK(p.stats().records == 120 * 20);
  CHECK(p.stats().windows == 119);
}

TEST_CASE("pipeline: the state file of something else is refused with a clear message", "[pipeline]") {
  workspace w("badstate");
  w.write("access.log", access_log(0, 1));
  w.write("state.json", R"({"version":1,"files":[]})");
  try {
    pl::pipeline p(web_config(w, "state.json"));
    FAIL("no error");
  } catch (const aiops::error& e) {
    CHECK(std::string(e.what()).find("is not an aiops pipeline state") != std::string::npos);
  }
}

TEST_CASE("pipeline: its own metrics count records, windows and alerts", "[pipeline]") {
  workspace w("metrics");
  w.write("access.log", access_log(0, 330));
  pl::pipeline p(web_config(w, ""));
  run_to_end(p);
  const std::string text = aiops::prom::write(p.metrics().collect());
  CHECK(text.find("aiops_pipeline_records_total{source=\"web\"} 6600") != std::string::npos);
  CHECK(text.find("aiops_pipeline_windows_total{source=\"web\"} 329") != std::string::npos);
  CHECK(text.find("aiops_pipeline_alerts_total{state=\"firing\"} 1") != std::string::npos);
}

TEST_CASE("pipeline: the state is saved at checkpoints and keeps for the rules only what they select", "[pipeline]") {
  workspace w("checkpoint");
  w.write("access.log", access_log(0, 200));  // no incident: nothing to notify
  pl::config c = web_config(w, "state.json");
  c.checkpoint = std::chrono::hours(1);
  c.detectors.push_back({.match = {{"feature", "template"}}, .detector = "zscore", .warmup = 10});
  {
    pl::pipeline p(c);
    run_to_end(p, 997);
    CHECK(aiops::prom::write(p.metrics().collect()).find("aiops_pipeline_state_saves_total 0") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(w.path("state.json")));
    p.save_state();
  }
  const auto state = nlohmann::json::parse(aiops::pipeline::read_file_if_exists(w.path("state.json")).value());
  const auto& lane = state["lanes"]["web"];
  CHECK(lane["series"].size() > 1);  // errors and templates are scored
  // The replay holds the last hour of evaluations (both ends), each with the one sample the rule reads.
  REQUIRE(lane["replay"].size() == 61);
  for (const auto& e : lane["replay"]) {
    REQUIRE(e["samples"].size() == 1);
    CHECK(e["samples"][0][0] == "anomaly_score");
    CHECK(e["samples"][0][1]["feature"] == "errors");
  }
  // Restarted from it, the pipeline goes on where it was.
  w.write("access.log", access_log(200, 210), true);
  pl::pipeline p(c);
  run_to_end(p);
  CHECK(p.stats().records == 10 * 20);
  CHECK(p.watermarks().at("web") == day0 + 209 * aiops::ns_per_minute);
}

TEST_CASE("pipeline: live, a source whose server is down is polled again next cycle, once, the error ends the run", "[pipeline]") {
  const auto down_config = [] {
    pl::config c;
    c.name = "down";
    c.every.interval = std::chrono::milliseconds(200);
    pl::source_config s;
    s.name = "metrics";
    s.kind = pl::source_kind::prometheus;
    s.url = "http://127.0.0.1:1";  // nothing listens there: connection refused
    s.queries = {{"cpu", "up"}};
    c.sources.push_back(s);
    c.sinks.push_back({.name = "rec", .kind = "stdout"});
    return c;
  };
  pl::pipeline live(down_config());
  std::size_t cycles = 0;
  live.run(false, [&](const pl::pipeline& q) {
    if (++cycles == 2) live.request_stop();
    CHECK(q.last_source_error().find("metrics: ") == 0);
  });
  CHECK(live.stats().source_errors == 2);  // each cycle tried again, the run went on
  pl::pipeline once(down_config());
  CHECK_THROWS_AS(once.run(true), aiops::http::http_error);
}

TEST_CASE("pipeline: plain-text logs parse to a time, a message and errors by their level", "[pipeline]") {
  auto parser = pl::line_parser::make({.format = "text"}, {});
  REQUIRE(parser);
  pl::record r;
  REQUIRE(parser->parse("2026-01-05 05:00:03,250 - app.db - ERROR - pool exhausted", r));
  CHECK(r.time == day0 + 5 * aiops::ns_per_hour + 3250 * aiops::ns_per_millisecond);
  CHECK(r.message == "pool exhausted");
  CHECK(r.error);
  REQUIRE(parser->parse("2026-01-05T05:00:04Z INFO served", r));
  CHECK_FALSE(r.error);
  CHECK_FALSE(parser->parse("no time here", r));
}

// A live /var/log/auth.log has no year in its times: they are read in the year the clock says (a
// line more than a day ahead of the clock is last year's), unless `year` pins one for a replay.
TEST_CASE("pipeline: times without a year are this year's unless the configuration sets one", "[pipeline]") {
  const aiops::timestamp_ns now = aiops::wall_now();
  const auto parsed = [](pl::parse_config p, std::string_view line) {
    auto parser = pl::line_parser::make(p, {});
    REQUIRE(parser);
    pl::record r;
    REQUIRE(parser->parse(line, r));
    return r.time;
  };
  // Yesterday at noon, written as syslog, klog and grok's SYSLOGTIMESTAMP write it.
  const aiops::civil_time y = aiops::to_civil(now - aiops::ns_per_day);
  const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char stamp[32], klog[32];
  std::snprintf(stamp, sizeof stamp, "%s %2d 12:00:00", months[y.month - 1], y.day);
  std::snprintf(klog, sizeof klog, "E%02d%02d 12:00:00.000000", y.month, y.day);
  const aiops::timestamp_ns noon = aiops::to_timestamp({y.year, y.month, y.day, 12, 0, 0});
  const std::string syslog_line = std::string("<34>") + stamp + " host sshd[7]: Failed password";
  CHECK(parsed({.format = "syslog"}, syslog_line) == noon);
  CHECK(parsed({.format = "text"}, std::string(klog) + "    1 server.go:42] failed") == noon);
  CHECK(parsed({.format = "grok", .grok = {"%{SYSLOGTIMESTAMP:timestamp} %{GREEDYDATA:message}"}}, std::string(stamp) + " x") == noon);
  // A replay of an old file: the configured year.
  const aiops::timestamp_ns pinned = parsed({.format = "syslog", .year = 2019}, syslog_line);
  CHECK(aiops::to_civil(pinned).year == 2019);
}
