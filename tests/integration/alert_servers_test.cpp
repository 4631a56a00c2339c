// aiops: alert rules and notifiers against real servers: promtool, Alertmanager (shared and a private
// one stopped and restarted), and an SMTP sink (aiosmtpd) with STARTTLS and AUTH
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>      // std::chrono
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream, std::ifstream
#include <sstream>     // std::ostringstream
#include <string>      // std::string
#include <thread>      // std::this_thread::sleep_for
#include <vector>      // std::vector

#include <arpa/inet.h>   // htons, inet_pton
#include <fcntl.h>       // O_WRONLY, O_CREAT
#include <netinet/in.h>  // sockaddr_in
#include <signal.h>      // kill, SIGTERM
#include <spawn.h>       // posix_spawnp
#include <sys/socket.h>  // socket, bind, connect
#include <sys/wait.h>    // waitpid
#include <unistd.h>      // close, getpid

#include <nlohmann/json.hpp>

#include <aiops/alert.hpp>
#include <aiops/sys.hpp>

#include "scratch.hpp"
#include "servers.hpp"

extern char** environ;

namespace alert = aiops::alert;
using namespace std::chrono_literals;

using aiops::testing::quick;
using aiops::wall_now;
using aiops::testing::scratch_dir;

namespace {
// A loopback port nobody listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t size = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(std::uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A server process started by the test, stopped (TERM, then waited for) when it goes out of scope.
class child {
 public:
  child(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int rc = ::posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) FAIL("cannot start " << argv[0] << ": " << std::strerror(rc));
  }
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  ~child() { stop(); }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // Polls until `port` accepts connections (at most 30 s); false if the process died first.
  bool wait_listening(int port) const {
    for (int i = 0; i < 600; ++i) {
      if (accepts_connections(port)) return true;
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return false;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

 private:
  pid_t pid_ = -1;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The active alerts Alertmanager holds with `alertname`.
nlohmann::json active_alerts(const std::string& url, const std::string& alertname) {
  aiops::http::client am(url, quick());
  return am.get_json("/api/v2/alerts", {{"active", "true"}, {"filter", "alertname=\"" + alertname + "\""}});
}

// A rule that fires for every series of `x_<tag>` above 0, and the store it runs on.
struct firing_setup {
  std::string tag;
  std::string name;
  alert::series_store store;
  alert::rule_engine engine;

  explicit firing_setup(const std::string& series_tag)
      : tag(series_tag),
        name("AiopsTest" + tag + std::to_string(::getpid())),
        engine(alert::rule_engine::compile({"it", 1s, {alert::rule{.name = name, .expr = "x_" + tag + " > 0",
                                                                    .labels = {{"severity", "warning"}},
                                                                    .annotations = {{"summary", "{{ $labels.instance }} is at {{ $value }}"}}}}})
                   .value()) {}

  void set(const std::string& instance, double v, aiops::timestamp_ns t) {
    store.add("x_" + tag, {{"instance", instance}}, t, v);
  }
};

}  // namespace

TEST_CASE("promtool accepts the rule files we export", "[integration][alert]") {
  const alert::rule_group host{"host", 30s, {
      alert::rule{.name = "HostHighCpu", .expr = "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))) > 90",
                  .for_duration = 10min, .labels = {{"severity", "warning"}},
                  .annotations = {{"summary", "CPU of {{ $labels.instance }} at {{ printf \"%.1f\" $value }}%"}}},
      alert::rule{.name = "HostDiskFull", .expr = "node_filesystem_avail_bytes{fstype!~\"tmpfs|overlay\"} / node_filesystem_size_bytes < 0.05",
                  .for_duration = 5min, .labels = {{"severity", "critical"}},
                  .annotations = {{"summary", "{{ $labels.mountpoint }}: {{ $value | humanizePercentage }} free"}}},
      alert::rule{.name = "ExporterGone", .expr = "absent(up{job=\"node\"})", .keep_firing_for = 2min}}};
  for (const auto& r : host.rules) REQUIRE(alert::expression::parse(r.expr));
  const scratch_dir dir("promtool");
  std::ofstream(dir / "rules.yml") << alert::to_prometheus_rules({host});
  const auto run = aiops::sys::run({"promtool", "check", "rules", (dir / "rules.yml").string()});
  REQUIRE(run);
  CAPTURE(run->out, run->err);
  CHECK(run->success());
  CHECK(run->out.find("SUCCESS: 3 rules found") != std::string::npos);
}

TEST_CASE("Alertmanager receives, groups and resolves our alerts", "[integration][alert]") {
  const std::string url = aiops::testing::alertmanager_url();
  INFO(aiops::testing::server_hint("alertmanager", url));
  firing_setup s("Shared");
  alert::dispatcher d({alert::route{.receiver = "am", .group_by = {"alertname"}, .group_wait = 0s, .group_interval = 0s}});
  alert::alertmanager_notifier am(url, quick());
  const scratch_dir dir("shared-outbox");
  alert::outbox queue(dir);

  auto t = wall_now();
  s.set("web-1", 5, t);
  s.set("web-2", 7, t);
  for (auto& n : d.process(s.engine.evaluate(s.store, t), t)) queue.add(n);
  const auto sent = queue.deliver({{"am", &am}});
  CHECK(sent.delivered == 1);
  CHECK(sent.errors.empty());

  const auto active = active_alerts(url, s.name);
  REQUIRE(active.size() == 2);
  CHECK(active[0]["labels"]["severity"] == "warning");
  CHECK(active[0]["status"]["state"] == "active");
  const std::string summary = active[0]["annotations"]["summary"];
  CHECK((summary == "web-1 is at 5" || summary == "web-2 is at 7"));
  // Alertmanager grouped them (its route groups by alertname): one group holding both.
  aiops::http::client client(url, quick());
  int groups_with_ours = 0;
  for (const auto& g : client.get_json("/api/v2/alerts/groups", {{"filter", "alertname=\"" + s.name + "\""}})) {
    if (g["labels"].value("alertname", "") != s.name) continue;
    ++groups_with_ours;
    CHECK(g["alerts"].size() == 2);
  }
  CHECK(groups_with_ours == 1);

  // Both series drop: the alerts resolve, and Alertmanager no longer lists them as active.
  t = wall_now();
  s.set("web-1", 0, t);
  s.set("web-2", 0, t);
  for (auto& n : d.process(s.engine.evaluate(s.store, t), t)) queue.add(n);
  CHECK(queue.deliver({{"am", &am}}).delivered == 1);
  CHECK(active_alerts(url, s.name).empty());
}

TEST_CASE("an Alertmanager stopped during a firing alert gets it after restart", "[integration][alert]") {
  const scratch_dir dir("private-am");
  std::ofstream(dir / "alertmanager.yml") << "route:\n  receiver: 'null'\n  group_by: ['alertname']\nreceivers:\n  - name: 'null'\n";
  const int port = free_port();
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  const std::vector<std::string> argv = {"prometheus-alertmanager", "--config.file=" + (dir / "alertmanager.yml").string(),
                                         "--storage.path=" + (dir / "data").string(),
                                         "--web.listen-address=127.0.0.1:" + std::to_string(port), "--cluster.listen-address="};
  firing_setup s("Restart");
  alert::dispatcher d({alert::route{.receiver = "am", .group_wait = 0s, .group_interval = 0s}});
  alert::outbox queue(dir / "outbox");
  alert::alertmanager_notifier am(url, quick());
  const auto evaluate_and_deliver = [&] {
    const auto t = wall_now();
    for (auto& n : d.process(s.engine.evaluate(s.store, t), t)) queue.add(n);
    return queue.deliver({{"am", &am}});
  };

  auto server = std::make_unique<child>(argv, dir / "alertmanager.log");
  REQUIRE(server->wait_listening(port));
  s.set("db-1", 1, wall_now());
  CHECK(evaluate_and_deliver().delivered == 1);
  CHECK(active_alerts(url, s.name).size() == 1);

  server->stop();
  // A second instance starts firing while Alertmanager is down: the notification waits in the outbox.
  s.set("db-2", 1, wall_now());
  const auto while_down = evaluate_and_deliver();
  CHECK(while_down.delivered == 0);
  CHECK(while_down.pending == 1);
  CHECK(queue.size() == 1);

  // Alertmanager keeps no alerts across a restart; the outbox brings both back.
  server = std::make_unique<child>(argv, dir / "alertmanager.log");
  REQUIRE(server->wait_listening(port));
  const auto after = queue.deliver({{"am", &am}});
  CHECK(after.delivered == 1);
  CHECK(queue.size() == 0);
  const auto active = active_alerts(url, s.name);
  REQUIRE(active.size() == 2);
  CHECK(active[0]["labels"]["instance"] != active[1]["labels"]["instance"]);
  server->stop();
}

namespace {
// An aiosmtpd sink (Debian python3-aiosmtpd): argv port outdir [cert key [exclude_mechanism]].
// With a certificate it requires STARTTLS and AUTH (user "aiops", password "s3cret").
constexpr const char* smtp_sink = R"PY(
import json, os, signal, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, outdir = int(sys.argv[1]), sys.argv[2]

class Sink:
    async def handle_DATA(self, server, session, envelope):
        n = len(os.listdir(outdir))
        meta = {"from": envelope.mail_from, "to": envelope.rcpt_tos, "tls": session.ssl is not None,
                "authenticated": bool(session.authenticated)}
        with open(os.path.join(outdir, "%04d.json" % n), "w") as f:
            json.dump(meta, f)
        with open(os.path.join(outdir, "%04d.eml" % n), "wb") as f:
            f.write(envelope.original_content)
        return "250 OK"

def check(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"aiops" and data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)

kw = {}
if len(sys.argv) > 3:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(sys.argv[3], sys.argv[4])
    kw = dict(tls_context=ctx, require_starttls=True, authenticator=check, auth_require_tls=True,
              auth_exclude_mechanism=sys.argv[5:])
c = Controller(Sink(), hostname="127.0.0.1", port=port, **kw)
c.start()
signal.sigwait({signal.SIGTERM, signal.SIGINT})
c.stop()
)PY";

alert::notification mail_notification() {
  alert::alert a;
  a.labels = {{"alertname", "DiskFull"}, {"instance", "db-1"}, {"severity", "critical"}};
  a.annotations = {{"summary", "/var 只剩 2% 空间\n.leading dot line"}};
  a.state = alert::alert_state::firing;
  a.fired_at = wall_now();
  return {"mail", "mail:{}", {{"alertname", "DiskFull"}}, {a}};
}
}  // namespace

TEST_CASE("e-mail reaches a real SMTP sink, with STARTTLS and AUTH PLAIN or LOGIN", "[integration][alert]") {
  const scratch_dir dir("smtp");
  std::ofstream(dir / "sink.py") << smtp_sink;
  const auto cert = aiops::sys::run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                     "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string(),
                                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  REQUIRE(cert);
  REQUIRE(cert->success());

  struct variant {
    const char* name;
    std::vector<std::string> extra;  // sink arguments after port and outdir
    bool tls;
  };
  for (const variant& v : {variant{"plain", {}, false},
                           variant{"starttls-plain", {(dir / "cert.pem").string(), (dir / "key.pem").string()}, true},
                           variant{"starttls-login", {(dir / "cert.pem").string(), (dir / "key.pem").string(), "PLAIN"}, true}}) {
    SECTION(v.name) {
      const auto out = dir / v.name;
      std::filesystem::create_directories(out);
      const int port = free_port();
      std::vector<std::string> argv = {"/usr/bin/python3", (dir / "sink.py").string(), std::to_string(port), out.string()};
      argv.insert(argv.end(), v.extra.begin(), v.extra.end());
      child sink(argv, dir / "sink.log");
      INFO("the SMTP sink needs Debian's python3-aiosmtpd; its log: " << slurp(dir / "sink.log"));
      REQUIRE(sink.wait_listening(port));

      alert::smtp_options o{.port = port, .from = "aiops@example.org", .to = {"ops@example.org", "dba@example.org"}};
      if (v.tls) o.user = "aiops", o.password = "s3cret", o.ca_cert_file = (dir / "cert.pem").string(), o.require_tls = true;
      alert::smtp_notifier mail(o);
      mail.send(mail_notification());

      const auto meta = nlohmann::json::parse(slurp(out / "0000.json"));
      CHECK(meta["from"] == "aiops@example.org");
      CHECK(meta["to"] == nlohmann::json{"ops@example.org", "dba@example.org"});
      CHECK(meta["tls"] == v.tls);
      CHECK(meta["authenticated"] == v.tls);
      const std::string eml = slurp(out / "0000.eml");
      CHECK(eml.find("Subject: [FIRING:1] DiskFull\r\n") != std::string::npos);
      CHECK(eml.find("summary: /var 只剩 2% 空间\r\n.leading dot line\r\n") != std::string::npos);  // dot-stuffing undone

      if (v.tls) {
        alert::smtp_options wrong = o;
        wrong.password = "nope";
        CHECK_THROWS_WITH(alert::smtp_notifier(wrong).send(mail_notification()), Catch::Contains("535"));
        alert::smtp_options untrusted = o;
        untrusted.ca_cert_file.clear();  // the system store does not trust our self-signed certificate
        CHECK_THROWS_WITH(alert::smtp_notifier(untrusted).send(mail_notification()), Catch::Contains("TLS handshake failed"));
      }
    }
  }
}
