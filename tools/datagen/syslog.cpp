// aiops: datasets/syslog: an Ubuntu host's auth.log (RFC 3164) with an SSH brute force, and an RFC 5424 app log
// SPDX-License-Identifier: MIT
//
// auth.log is built from sshd connections (users, internet probes, the labelled brute force),
// sudo, cron and systemd-logind sessions, and kernel noise, each event expanded into the lines
// OpenSSH 8.9, PAM, sudo 1.9 and the kernel of Ubuntu 22.04 write. rsyslog's "message repeated
// N times" reduction is applied last, as rsyslog does. datasets/syslog/README.md describes it.
#include <algorithm>    // std::sort, std::max
#include <array>        // std::array
#include <cstdint>      // std::int64_t
#include <cstdio>       // std::snprintf
#include <filesystem>   // std::filesystem::path
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "dataset.hpp"
#include "inet.hpp"
#include "output.hpp"
#include "random.hpp"

namespace datagen {

namespace {

constexpr std::uint64_t seed = 20250609;
constexpr int year = 2025;
constexpr int days = 4;
const std::string host = "web-prod-03";
const timestamp_ns log_begin = aiops::to_timestamp({year, 6, 9, 0, 0, 0, 0});
const timestamp_ns log_end = log_begin + days * aiops::ns_per_day;
const timestamp_ns booted_at = aiops::to_timestamp({year, 5, 21, 3, 12, 44, 318'000'000});
const timestamp_ns burst_begin = aiops::to_timestamp({year, 6, 11, 3, 14, 9, 0});

constexpr timestamp_ns seconds(double s) { return static_cast<timestamp_ns>(s * 1e9); }

enum class category { session, cron, probe, bruteforce, kernel, system };

const char* category_name(category c) {
  switch (c) {
    case category::session: return "session";
    case category::cron: return "cron";
    case category::probe: return "probe";
    case category::bruteforce: return "bruteforce";
    case category::kernel: return "kernel";
    case category::system: return "system";
  }
  return "";
}

struct entry {
  timestamp_ns ts = 0;
  std::uint64_t seq = 0;
  std::string tag;  ///< "sshd[4123]", "sudo", "kernel"
  std::string msg;
  category cat = category::session;
  std::string ip;    ///< the remote address the line is about, if any
  int failures = 0;  ///< failed password attempts the line records
  int session = -1;  ///< which logind session "{session}" in msg stands for
};

struct user {
  std::string name;
  int uid;
  std::string key;  ///< "ED25519 SHA256:..." or empty for password logins
};

class auth_log {
 public:
  auth_log() : root_(seed, "auth.log") {}
  std::vector<entry> generate();

 private:
  void add(timestamp_ns t, std::string tag, std::string msg, category cat, std::string ip = "", int failures = 0,
           int session = -1) {
    entries_.push_back({t, entries_.size(), std::move(tag), std::move(msg), cat, std::move(ip), failures, session});
  }
  // PIDs grow with time (about three a second on this host), so they look plausible wherever they appear.
  int pid(rng& r, timestamp_ns t) const {
    return 1'204'000 + 3 * static_cast<int>((t - log_begin) / aiops::ns_per_second) + static_cast<int>(r.below(3));
  }
  std::string sshd(rng& r, timestamp_ns t) const { return "sshd[" + std::to_string(pid(r, t)) + "]"; }

  void login(rng& r, timestamp_ns t, const user& u, const std::string& ip, timestamp_ns duration,
             const std::vector<std::string>& commands, bool tty, bool mistyped = false);
  timestamp_ns failed_passwords(rng& r, timestamp_ns t, const std::string& tag, const std::string& ip, int port,
                                const std::string& name, bool valid, int tries, category cat);
  void probe(rng& r, timestamp_ns t, const std::string& ip, category cat);
  void users();
  void cron();
  void internet();
  void brute_force();
  void kernel();

  rng root_;
  std::vector<entry> entries_;
  int sessions_ = 0;
};

const std::array<user, 5> staff = {{
    {"deploy", 1001, "ED25519 SHA256:Xq8pL0w3vJc2m9FkT1nR7yHdE4sZbA6uQeGiVoKxNf0"},
    {"alice", 1002, "RSA SHA256:3hZkP9dW1yQe7LmCv5TnBx0aJr2sUgF8oKiE4tHbN6Y"},
    {"bob", 1003, ""},
    {"ansible", 1004, "ED25519 SHA256:m2Vt9QyH4cLx8RbN0pZa6JkE1wFsDg7uTo3iYeCnKq5"},
    {"borg", 1006, "ED25519 SHA256:Fa5Ye0nT2kLw9ZqB8xCm3JdV7hPs1RuG6oEiNt4bUjA"},
}};

void auth_log::login(rng& r, timestamp_ns t, const user& u, const std::string& ip, timestamp_ns duration,
                     const std::vector<std::string>& commands, bool tty, bool mistyped) {
  const std::string tag = sshd(r, t);
  const std::string port = std::to_string(ephemeral_port(r));
  const std::string uid = std::to_string(u.uid);
  if (mistyped) {  // a wrong password first, then the right one on the same connection
    add(t, tag, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip + "  user=" + u.name,
        category::session, ip);
    t += seconds(r.uniform(2, 3));
    add(t, tag, "Failed password for " + u.name + " from " + ip + " port " + port + " ssh2", category::session, ip, 1);
    t += seconds(r.uniform(4, 9));
  }
  if (u.key.empty()) add(t, tag, "Accepted password for " + u.name + " from " + ip + " port " + port + " ssh2", category::session, ip);
  else add(t, tag, "Accepted publickey for " + u.name + " from " + ip + " port " + port + " ssh2: " + u.key, category::session, ip);
  add(t, tag, "pam_unix(sshd:session): session opened for user " + u.name + "(uid=" + uid + ") by (uid=0)", category::session, ip);
  const int session = sessions_++;
  add(t + seconds(r.uniform(0.01, 0.05)), "systemd-logind[689]", "New session {session} of user " + u.name + ".",
      category::session, "", 0, session);
  const std::string pts = "pts/" + std::to_string(r.below(3));
  timestamp_ns at = t + seconds(r.uniform(2, 15));
  const timestamp_ns end = t + duration;
  for (const std::string& command : commands) {
    at += seconds(r.exponential(static_cast<double>(duration) / 1e9 / (static_cast<double>(commands.size()) + 1)));
    if (at >= end) break;
    if (u.name == "bob" && tty && r.chance(0.15)) {  // a mistyped sudo password
      add(at, "sudo", "pam_unix(sudo:auth): authentication failure; logname=bob uid=1003 euid=0 tty=/dev/" + pts +
                          " ruser=bob rhost=  user=bob", category::session);
      at += seconds(r.uniform(3, 8));
    }
    char who[16];
    std::snprintf(who, sizeof who, "%8s", u.name.c_str());  // sudo right-aligns the user name
    const std::string where = u.name == "ansible" ? "/home/ansible" : u.name == "deploy" ? "/srv/shop" : "/home/" + u.name;
    add(at, "sudo", std::string(who) + " : " + (tty ? "TTY=" + pts + " ; " : "") + "PWD=" + where + " ; USER=root ; COMMAND=" + command,
        category::session);
    add(at, "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by " + u.name + "(uid=" + uid + ")", category::session);
    at += seconds(r.lognormal(1.5, 1.2));
    add(at, "sudo", "pam_unix(sudo:session): session closed for user root", category::session);
  }
  at = std::max(at, end) + seconds(r.uniform(0, 1));
  add(at, tag, "Received disconnect from " + ip + " port " + port + ":11: disconnected by user", category::session, ip);
  add(at, tag, "Disconnected from user " + u.name + " " + ip + " port " + port, category::session, ip);
  add(at, tag, "pam_unix(sshd:session): session closed for user " + u.name, category::session, ip);
  add(at + seconds(0.01), "systemd-logind[689]", "Session {session} logged out. Waiting for processes to exit.",
      category::session, "", 0, session);
  add(at + seconds(r.uniform(0.02, 0.3)), "systemd-logind[689]", "Removed session {session}.", category::session, "", 0, session);
}

timestamp_ns auth_log::failed_passwords(rng& r, timestamp_ns t, const std::string& tag, const std::string& ip, int port,
                                        const std::string& name, bool valid, int tries, category cat) {
  const std::string from = ip + " port " + std::to_string(port);
  const std::string who = valid ? name : "invalid user " + name;
  const std::string rhost = "logname= uid=0 euid=0 tty=ssh ruser= rhost=" + ip + (valid ? "  user=" + name : "");
  if (!valid) {
    add(t, tag, "Invalid user " + name + " from " + from, cat, ip);
    t += seconds(r.uniform(0.1, 0.4));
    add(t, tag, "pam_unix(sshd:auth): check pass; user unknown", cat, ip);
  }
  t += seconds(r.uniform(0.01, 0.1));
  add(t, tag, "pam_unix(sshd:auth): authentication failure; " + rhost, cat, ip);
  for (int i = 0; i < tries; ++i) {
    t += seconds(r.uniform(1.9, 3.2));  // pam_faildelay
    add(t, tag, "Failed password for " + who + " from " + from + " ssh2", cat, ip, 1);
  }
  t += seconds(r.uniform(0.01, 0.3));
  if (tries >= 6) {
    add(t, tag, "error: maximum authentication attempts exceeded for " + who + " from " + from + " ssh2 [preauth]", cat, ip);
    add(t, tag, "Disconnecting " + std::string(valid ? "authenticating user " + name : who) + " " + from +
                    ": Too many authentication failures [preauth]", cat, ip);
  } else {
    add(t, tag, "Received disconnect from " + from + ":11: Bye Bye [preauth]", cat, ip);
    add(t, tag, "Disconnected from " + std::string(valid ? "authenticating user " + name : who) + " " + from + " [preauth]", cat, ip);
  }
  if (tries >= 2) {
    add(t, tag, "PAM " + std::to_string(tries - 1) + " more authentication failure" + (tries > 2 ? "s" : "") + "; " + rhost, cat, ip);
    if (tries > 3) add(t, tag, "PAM service(sshd) ignoring max retries; " + std::to_string(tries) + " > 3", cat, ip);
  }
  return t;
}

// One connection of the background noise every public sshd sees.
void auth_log::probe(rng& r, timestamp_ns t, const std::string& ip, category cat) {
  static constexpr std::array names = {"admin", "test", "user", "ubuntu", "oracle", "postgres", "git", "ftpuser",
                                       "guest", "support", "pi", "dev", "hadoop", "minecraft", "steam", "jenkins",
                                       "es", "elastic", "nagios", "zabbix", "tomcat", "www", "mysql", "redis",
                                       "solana", "sol", "validator", "ts3", "user1", "admin1", "ec2-user",
                                       "azureuser", "vagrant", "odoo", "centos", "debian", "teamspeak", "frappe"};
  static const discrete kind({40, 25, 15, 10, 5, 5});
  const std::string tag = sshd(r, t);
  const int port = ephemeral_port(r);
  const std::string from = ip + " port " + std::to_string(port);
  const int tries = r.chance(0.8) ? 1 : static_cast<int>(r.between(2, 6));
  switch (kind(r)) {
    case 0: failed_passwords(r, t, tag, ip, port, r.pick(names), false, tries, cat); break;
    case 1: failed_passwords(r, t, tag, ip, port, "root", true, tries, cat); break;
    case 2:
      switch (r.below(3)) {
        case 0:
          add(t, tag, "error: kex_exchange_identification: Connection closed by remote host", cat);
          add(t, tag, "Connection closed by " + from, cat, ip);
          break;
        case 1:
          add(t, tag, "error: kex_exchange_identification: read: Connection reset by peer", cat);
          add(t, tag, "Connection reset by " + from, cat, ip);
          break;
        default: add(t, tag, "banner exchange: Connection from " + from + ": invalid format", cat, ip);
      }
      break;
    case 3: {
      const std::string name = r.pick(names);
      add(t, tag, "Invalid user " + name + " from " + from, cat, ip);
      add(t + seconds(r.uniform(0.2, 2)), tag, "Connection closed by invalid user " + name + " " + from + " [preauth]", cat, ip);
      break;
    }
    case 4:
      add(t, tag, "Unable to negotiate with " + from + ": no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]",
          cat, ip);
      break;
    default: failed_passwords(r, t, tag, ip, port, r.chance(0.5) ? "deploy" : "ansible", true, tries, cat);
  }
}

void auth_log::users() {
  rng r = root_.fork("users");
  static constexpr std::array deploy_commands = {
      "/usr/bin/systemctl restart shop-api", "/usr/bin/systemctl reload nginx", "/usr/bin/systemctl restart shop-worker",
      "/usr/bin/install -m 0644 -o root /tmp/shop.conf /etc/shop/shop.conf", "/usr/bin/systemctl status shop-api --no-pager"};
  static constexpr std::array admin_commands = {
      "/usr/bin/journalctl -u shop-api --since today", "/usr/bin/tail -n 200 /var/log/nginx/error.log",
      "/usr/bin/systemctl status nginx", "/usr/bin/apt update", "/usr/bin/apt list --upgradable", "/usr/bin/docker ps",
      "/usr/bin/less /var/log/syslog", "/usr/sbin/ufw status verbose", "/usr/bin/du -sh /var/log",
      "/usr/bin/vim /etc/nginx/sites-available/shop", "/usr/sbin/nginx -t", "/usr/bin/systemctl reload nginx",
      "/usr/bin/df -h", "/usr/bin/htop", "/usr/bin/ss -tlnp"};
  for (int d = 0; d < days; ++d) {
    const timestamp_ns day = log_begin + d * aiops::ns_per_day;
    auto at_hour = [&](double h) { return day + seconds(h * 3600); };
    // CI deploys during working hours.
    for (std::int64_t n = r.between(2, 6); n > 0; --n) {
      std::vector<std::string> commands = {"/usr/bin/install -m 0644 -o root /tmp/shop.conf /etc/shop/shop.conf",
                                           "/usr/bin/systemctl restart shop-api"};
      if (r.chance(0.5)) commands.push_back(r.pick(deploy_commands));
      const timestamp_ns t = at_hour(r.uniform(7.5, 17.5));
      const std::string runner = "10.0.5." + std::to_string(r.between(20, 23));
      login(r, t, staff[0], runner, seconds(r.uniform(20, 90)), commands, false);
    }
    // Humans: alice from the office, bob from home (password, sometimes mistyped).
    for (std::int64_t n = r.between(1, 3); n > 0; --n) {
      std::vector<std::string> commands;
      for (std::int64_t k = r.between(0, 6); k > 0; --k) commands.push_back(r.pick(admin_commands));
      const timestamp_ns t = at_hour(r.uniform(8, 18));
      login(r, t, staff[1], "203.0.113.24", seconds(r.lognormal(1500, 0.9)), commands, true);
    }
    if (r.chance(0.8)) {
      std::vector<std::string> commands;
      for (std::int64_t k = r.between(1, 4); k > 0; --k) commands.push_back(r.pick(admin_commands));
      const timestamp_ns t = at_hour(r.uniform(19, 23));
      const timestamp_ns duration = seconds(r.lognormal(900, 0.8));
      login(r, t, staff[2], "98.43.117.202", duration, commands, true, r.chance(0.4));
    }
    // Ansible converges the host at 04:00; the backup pulls at 02:30.
    std::vector<std::string> become;
    for (const char* module : {"setup", "apt", "copy", "template", "systemd", "file"}) {
      std::string marker;  // ansible's become marker: 32 random lower-case letters
      for (int i = 0; i < 32; ++i) marker += static_cast<char>('a' + r.below(26));
      char tmp[40];
      std::snprintf(tmp, sizeof tmp, "%lld.%02d", static_cast<long long>(at_hour(4) / aiops::ns_per_second),
                    static_cast<int>(r.below(100)));
      become.push_back(concat({"/bin/sh -c echo BECOME-SUCCESS-", marker, " ; /usr/bin/python3 /home/ansible/.ansible/tmp/ansible-tmp-",
                               tmp, "-", std::to_string(r.between(20000, 29999)), "-", std::to_string(r.between(10000000, 99999999)),
                               "/AnsiballZ_", module, ".py"}));
    }
    const timestamp_ns converge = at_hour(4) + seconds(r.uniform(1, 20));
    login(r, converge, staff[3], "10.0.1.10", seconds(r.uniform(80, 200)), become, false);
    const timestamp_ns backup = at_hour(2.5) + seconds(r.uniform(0, 3));
    login(r, backup, staff[4], "10.0.3.15", seconds(r.lognormal(900, 0.3)), {}, false);
  }
}

void auth_log::cron() {
  rng r = root_.fork("cron");
  struct job {
    std::string user;
    int uid;
    int every_minutes;
    int at_minute;
    double seconds_median;
  };
  const std::array<job, 4> jobs = {{{"www-data", 33, 5, 0, 3}, {"root", 0, 10, 2, 1.5}, {"root", 0, 60, 17, 8},
                                    {"root", 0, 24 * 60, 6 * 60 + 25, 45}}};
  for (const job& j : jobs) {
    for (int m = j.at_minute; m < days * 24 * 60; m += j.every_minutes) {
      const timestamp_ns t = log_begin + m * aiops::ns_per_minute + seconds(r.uniform(0, 0.9));
      const std::string tag = "CRON[" + std::to_string(pid(r, t)) + "]";
      add(t, tag, "pam_unix(cron:session): session opened for user " + j.user + "(uid=" + std::to_string(j.uid) + ") by (uid=0)",
          category::cron);
      add(t + seconds(r.lognormal(j.seconds_median, 0.6)), tag, "pam_unix(cron:session): session closed for user " + j.user,
          category::cron);
    }
  }
}

void auth_log::internet() {
  rng r = root_.fork("internet");
  // Returning sources are common: a Zipf pool of addresses, revisited over the days.
  std::vector<std::string> pool;
  for (int i = 0; i < 420; ++i) pool.push_back(public_ipv4(r));
  const discrete popular(zipf_weights(pool.size(), 0.9));
  for (timestamp_ns t = log_begin + seconds(r.exponential(300)); t < log_end; t += seconds(r.exponential(300))) {
    const std::string& ip = pool[popular(r)];
    probe(r, t, ip, category::probe);
    if (r.chance(0.2))  // scanners often open a second connection right away
      probe(r, t + seconds(r.uniform(0.5, 8)), ip, category::probe);
  }
}

void auth_log::brute_force() {
  rng r = root_.fork("brute-force");
  struct attacker {
    std::string ip;
    double start_s, stop_s;  // after burst_begin
    double spacing_s;        // between new connections
    bool root_only;          // hammers root with the maximum attempts, or sprays user names
  };
  const std::array<attacker, 3> attackers = {{{"218.92.0.112", 0, 1640, 7, true},
                                              {"61.177.172.140", 115, 2020, 4.2, false},
                                              {"180.101.88.241", 480, 1830, 8.5, false}}};
  static constexpr std::array names = {"admin", "ubuntu", "test", "oracle", "postgres", "user", "git", "deploy",
                                       "ftp", "guest", "mysql", "support", "administrator", "pi", "dev", "backup",
                                       "web", "www-data", "jenkins", "docker", "hadoop", "test1", "student", "ansible"};
  for (const attacker& a : attackers) {
    for (double s = a.start_s; s < a.stop_s; s += r.exponential(a.spacing_s)) {
      const timestamp_ns t = burst_begin + seconds(s);
      const std::string tag = sshd(r, t);
      const int port = ephemeral_port(r);
      if (a.root_only) {
        failed_passwords(r, t, tag, a.ip, port, "root", true, r.chance(0.85) ? 6 : static_cast<int>(r.between(1, 5)),
                         category::bruteforce);
      } else {
        const std::string name = r.pick(names);
        const bool valid = name == "deploy" || name == "ansible" || name == "www-data" || name == "backup";
        failed_passwords(r, t, tag, a.ip, port, name, valid, static_cast<int>(r.between(1, 3)), category::bruteforce);
      }
    }
  }
}

void auth_log::kernel() {
  rng r = root_.fork("kernel");
  auto uptime = [](timestamp_ns t) {
    const timestamp_ns up = t - booted_at;
    char buf[40];
    std::snprintf(buf, sizeof buf, "[%lld.%06lld] ", static_cast<long long>(up / aiops::ns_per_second),
                  static_cast<long long>(up % aiops::ns_per_second / 1000));
    return std::string(buf);
  };
  static constexpr std::array tcp_ports = {23, 3389, 445, 8080, 5900, 1433, 3306, 6379, 8443, 2375, 5432, 9200, 81,
                                           8888, 7547, 5555, 2323, 37215, 52869, 8291, 25, 110, 143, 4567, 60001};
  static constexpr std::array udp_ports = {53, 123, 161, 1900, 5060, 11211, 389, 137, 5353, 3702};
  for (timestamp_ns t = log_begin + seconds(r.exponential(150)); t < log_end; t += seconds(r.exponential(150))) {
    const std::string src = public_ipv4(r);
    const int sweep = r.chance(0.1) ? static_cast<int>(r.between(3, 12)) : 1;  // a port sweep from one source
    for (int i = 0; i < sweep; ++i) {
      const timestamp_ns at = t + seconds(i * r.uniform(0.05, 2));
      const bool udp = r.chance(0.18);
      const int dport = udp ? r.pick(udp_ports) : r.pick(tcp_ports);
      std::string msg = concat({uptime(at), "[UFW BLOCK] IN=ens5 OUT= MAC=0a:3c:9f:21:7b:5d:0a:8e:44:12:c3:01:08:00 SRC=", src,
                                " DST=172.31.18.44 LEN=", std::to_string(udp ? r.between(33, 120) : 40 + 4 * r.below(6)),
                                " TOS=0x00 PREC=0x00 TTL=", std::to_string(r.between(38, 250)), " ID=", std::to_string(r.below(65536)),
                                r.chance(0.2) ? " DF" : "", " PROTO=", udp ? "UDP" : "TCP", " SPT=", std::to_string(r.between(1024, 65535)),
                                " DPT=", std::to_string(dport)});
      msg += udp ? " LEN=" + std::to_string(r.between(13, 100)) : " WINDOW=" + std::to_string(r.pick(std::array{1024, 65535, 29200, 14600})) +
                                                                    " RES=0x00 SYN URGP=0";
      add(at, "kernel", msg, category::kernel, src);
    }
  }
  // The shop's worker leaks memory until the OOM killer stops it; systemd restarts it.
  const timestamp_ns oom = aiops::to_timestamp({year, 6, 10, 19, 42, 7, 0}) + seconds(0.412);
  const std::string k = "kernel";
  add(oom, k, uptime(oom) + "shop-worker invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0", category::kernel);
  add(oom, k, uptime(oom + seconds(0.000021)) + "CPU: 1 PID: 1581377 Comm: shop-worker Not tainted 5.15.0-1063-aws #69-Ubuntu", category::kernel);
  add(oom, k, uptime(oom + seconds(0.000391)) + "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/shop-worker.service,task=shop-worker,pid=1581377,uid=33", category::kernel);
  add(oom, k, uptime(oom + seconds(0.000402)) + "Out of memory: Killed process 1581377 (shop-worker) total-vm:3519048kB, anon-rss:3101272kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:6412kB oom_score_adj:0", category::kernel);
  add(oom + seconds(0.11), k, uptime(oom + seconds(0.11)) + "oom_reaper: reaped process 1581377 (shop-worker), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB", category::kernel);
  add(oom + seconds(0.2), "systemd[1]", "shop-worker.service: A process of this unit has been killed by the OOM killer.", category::system);
  add(oom + seconds(0.3), "systemd[1]", "shop-worker.service: Main process exited, code=killed, status=9/KILL", category::system);
  add(oom + seconds(0.3), "systemd[1]", "shop-worker.service: Failed with result 'oom-kill'.", category::system);
  add(oom + seconds(5.3), "systemd[1]", "shop-worker.service: Scheduled restart job, restart counter is at 1.", category::system);
}

std::vector<entry> auth_log::generate() {
  users();
  cron();
  internet();
  brute_force();
  kernel();
  std::vector<entry> sorted;
  for (auto& e : entries_)
    if (e.ts >= log_begin && e.ts < log_end) sorted.push_back(std::move(e));
  std::sort(sorted.begin(), sorted.end(), [](const entry& a, const entry& b) { return a.ts != b.ts ? a.ts < b.ts : a.seq < b.seq; });
  // logind numbers sessions in the order they open.
  std::map<int, int> numbers;
  for (auto& e : sorted) {
    if (e.session < 0) continue;
    const auto [it, fresh] = numbers.emplace(e.session, 0);
    if (fresh) it->second = 1843 + static_cast<int>(numbers.size());
    e.msg.replace(e.msg.find("{session}"), 9, std::to_string(it->second));
  }
  return sorted;
}

/// One written line. rsyslog's repeat reduction writes a run of identical messages once, then
/// "message repeated N times: [ msg]"; a single repeat is written again as it is.
struct line {
  const entry* first;
  timestamp_ns ts;
  int repeats;  ///< 0 for a plain line, N for "message repeated N times"
};

std::vector<line> reduce_repeats(const std::vector<entry>& entries) {
  std::vector<line> lines;
  for (std::size_t i = 0; i < entries.size();) {
    const entry& e = entries[i];
    lines.push_back({&e, e.ts, 0});
    std::size_t j = i + 1;
    while (j < entries.size() && entries[j].tag == e.tag && entries[j].msg == e.msg) ++j;
    if (j - i == 2) lines.push_back({&entries[i + 1], entries[i + 1].ts, 0});
    if (j - i > 2) lines.push_back({&e, entries[j - 1].ts, static_cast<int>(j - i - 1)});
    i = j;
  }
  return lines;
}

std::string auth_text(const std::vector<line>& lines) {
  std::string out;
  for (const line& l : lines) {
    out += syslog_time(l.ts) + " " + host + " " + l.first->tag + ": ";
    if (l.repeats > 0) out += "message repeated " + std::to_string(l.repeats) + " times: [ " + l.first->msg + "]";
    else out += l.first->msg;
    out += '\n';
  }
  return out;
}

std::string auth_labels(const std::vector<line>& lines) {
  std::string out = "line,is_attack,source_ip,category\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const entry& e = *lines[i].first;
    out += std::to_string(i + 1) + "," + (e.cat == category::bruteforce ? "1" : "0") + "," + e.ip + "," +
           category_name(e.cat) + "\n";
  }
  return out;
}

std::string auth_truth(const std::vector<entry>& entries, const std::vector<line>& lines) {
  std::map<std::string, std::int64_t> failed, burst_failed, accepted, sudo, categories;
  std::int64_t invalid_users = 0, burst_lines = 0, failed_total = 0;
  timestamp_ns first = 0, last = 0;
  for (const line& l : lines) {
    ++categories[category_name(l.first->cat)];
    if (l.first->cat == category::bruteforce) {
      ++burst_lines;
      if (first == 0) first = l.ts;
      last = l.ts;
    }
  }
  for (const entry& e : entries) {
    if (e.failures > 0) {
      failed[e.ip] += e.failures;
      failed_total += e.failures;
      if (e.cat == category::bruteforce) burst_failed[e.ip] += e.failures;
    }
    if (e.msg.rfind("Invalid user ", 0) == 0) ++invalid_users;
    if (e.msg.rfind("Accepted ", 0) == 0) ++accepted[e.msg.substr(e.msg.find(" for ") + 5, e.msg.find(" from ") - e.msg.find(" for ") - 5)];
    if (e.tag == "sudo" && e.msg.find("COMMAND=") != std::string::npos) ++sudo[std::string(aiops::trim(e.msg.substr(0, 8)))];
  }
  json_writer j;
  j.begin_object();
  j.key("file").value("auth.log");
  j.key("year").value(year);
  j.key("host").value(host);
  j.key("start").value(rfc3339(log_begin, 0));
  j.key("end").value(rfc3339(log_end, 0));
  j.key("total_lines").value(lines.size());
  j.key("lines_per_category").counts(categories);
  j.key("failed_logins_total").value(failed_total);
  j.key("failed_logins_by_ip").counts(by_count(failed));
  j.key("invalid_user_lines").value(invalid_users);
  j.key("accepted_logins_by_user").counts(accepted);
  j.key("sudo_commands_by_user").counts(sudo);
  j.key("burst").begin_object();
  j.key("start").value(rfc3339(first, 0));
  j.key("end").value(rfc3339(last, 0));
  j.key("lines").value(burst_lines);
  j.key("attacker_ips").begin_array(true);
  for (const auto& [ip, n] : by_count(burst_failed)) j.value(ip);
  j.end_array();
  j.key("failed_logins_by_ip").counts(by_count(burst_failed));
  j.end_object();
  j.end_object();
  return j.str();
}

// ---- RFC 5424 ----

constexpr std::array<const char*, 8> severity_names = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

/// Escapes an SD-PARAM value as RFC 5424 section 6.3.3 requires: '"', '\' and ']'.
std::string sd_escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

std::string generate_5424(rng& r, std::string& truth_json) {
  struct source {
    std::string host;
    int offset_minutes;  // api-2 runs with the Asia/Shanghai zone, so its stamps say +08:00
    std::string app;
    int facility;        // local0..local2
    int procid;
  };
  const std::array<source, 5> sources = {{{"api-1", 0, "shop-api", 16, 2871},
                                          {"api-2", 480, "shop-api", 16, 3012},
                                          {"api-1", 0, "shop-worker", 17, 2904},
                                          {"api-2", 480, "payments", 18, 3155},
                                          {"api-1", 0, "payments", 18, 2899}}};
  static const discrete pick_source({34, 30, 16, 10, 10});
  static constexpr std::array paths = {"/api/v1/products", "/api/v1/cart", "/api/v1/orders", "/api/v1/search",
                                       "/api/v1/me", "/api/v1/checkout/quote"};
  static constexpr std::array jobs = {"reindex-products", "send-order-emails", "expire-carts", "sync-inventory", "rollup-metrics"};
  std::vector<std::string> out_lines;
  std::map<std::string, std::int64_t> by_severity, by_app, by_host, by_msgid;
  std::int64_t with_sd = 0;
  for (const char* s : severity_names) by_severity[s] = 0;
  timestamp_ns t = log_begin;
  const timestamp_ns cert_warning_day = aiops::ns_per_day;
  std::int64_t sequence = 0;
  while ((t += seconds(r.exponential(115))) < log_end) {
    const source& s = sources[pick_source(r)];
    int sev = 6;
    std::string msgid = "-", sd = "-", msg;
    const std::string request = concat({"[req@32473 id=\"", hex_id(r, 16), "\" user=\"u_", std::to_string(r.between(1000, 48000)), "\"]"});
    if (s.app == "shop-api") {
      const std::string path = r.pick(paths);
      const double ms = r.lognormal(30, 0.9);
      msgid = "HTTP";
      if (path == std::string("/api/v1/search") && r.chance(0.3)) {
        // Search terms carry quotes and brackets, which SD-PARAM values must escape.
        static constexpr std::array queries = {"\"usb c\" cable", "[sale] earbuds", "C:\\drivers", "4k \"hdr\" monitor"};
        sd = "[http@32473 method=\"GET\" path=\"" + path + "\" q=\"" + sd_escape(r.pick(queries)) + "\" status=\"200\" dur_ms=\"" +
             std::to_string(static_cast<int>(ms)) + "\"]" + request;
        msg = "request completed";
      } else if (ms > 400) {
        sev = 4;
        sd = "[http@32473 method=\"GET\" path=\"" + path + "\" status=\"200\" dur_ms=\"" + std::to_string(static_cast<int>(ms)) + "\"]" + request;
        msg = "slow request";
      } else if (r.chance(0.07)) {
        sev = 3;
        msgid = "DB";
        sd = request;
        msg = "query failed: canceling statement due to statement timeout";
      } else if (r.chance(0.15)) {
        sev = 7;
        msgid = "-";
        msg = "cache miss key=product:" + std::to_string(r.between(10000, 99999));
      } else {
        sd = "[http@32473 method=\"" + std::string(r.chance(0.8) ? "GET" : "POST") + "\" path=\"" + path + "\" status=\"200\" dur_ms=\"" +
             std::to_string(static_cast<int>(ms)) + "\"]" + request;
        msg = "request completed";
      }
    } else if (s.app == "shop-worker") {
      msgid = "JOB";
      const std::string job = r.pick(jobs);
      const std::string secs = seconds_from_ms(static_cast<std::int64_t>(r.lognormal(8000, 0.8)));
      if (r.chance(0.06)) {
        sev = 3;
        msg = "job " + job + " failed: context deadline exceeded";
      } else if (r.chance(0.2)) {
        sev = 5;
        msg = "job " + job + " started";
      } else {
        msg = "job " + job + " finished in " + secs + "s";
      }
      sd = "[job@32473 name=\"" + job + "\" run=\"" + std::to_string(r.between(1, 99999)) + "\"]";
      if (r.chance(0.1)) sd += "[origin ip=\"10.0.2.11\" software=\"shop-worker\" swVersion=\"2.14.3\"]";
    } else {
      msgid = "PAY";
      const std::string order = std::to_string(r.between(4810000, 4899999));
      const double p = r.uniform();
      if (p < 0.72) msg = "payment authorized order=" + order;
      else if (p < 0.9) { sev = 5; msg = "payment declined: insufficient funds order=" + order; }
      else if (p < 0.97) { sev = 4; msg = "payment provider slow: 2.8s for authorize"; }
      else if (p < 0.995) { sev = 3; msg = "payment provider returned 502, retrying"; }
      else { sev = 2; msg = "payment provider unreachable: all 3 retries failed order=" + order; }
      sd = concat({"[pay@32473 order=\"", order, "\" amount=\"", std::to_string(r.between(5, 900)), ".",
                   std::to_string(r.between(10, 99)), "\" currency=\"", r.chance(0.7) ? "EUR" : "CNY", "\"]"});
      if (r.chance(0.2)) sd += "[meta sequenceId=\"" + std::to_string(++sequence) + "\"]";
    }
    if (t >= log_begin + cert_warning_day && t < log_begin + cert_warning_day + aiops::ns_per_hour && r.chance(0.3)) {
      sev = 1;  // an hour in which the TLS certificate of the payment provider is about to expire
      msgid = "TLS";
      sd = "-";
      msg = "certificate for pay.example.net expires in 2 days";
    }
    const int pri = s.facility * 8 + sev;
    out_lines.push_back("<" + std::to_string(pri) + ">1 " + rfc3339(t, 6, s.offset_minutes) + " " + s.host + " " + s.app + " " +
                        (r.chance(0.04) ? "-" : std::to_string(s.procid)) + " " + msgid + " " + sd + " " + msg);
    ++by_severity[severity_names[static_cast<std::size_t>(sev)]];
    ++by_app[s.app];
    ++by_host[s.host];
    ++by_msgid[msgid];
    with_sd += sd != "-";
  }
  json_writer j;
  j.begin_object();
  j.key("file").value("app5424.log");
  j.key("total_lines").value(out_lines.size());
  j.key("lines_per_severity").begin_object();
  for (const char* s : severity_names) j.key(s).value(by_severity[s]);
  j.end_object();
  j.key("lines_per_app").counts(by_app);
  j.key("lines_per_host").counts(by_host);
  j.key("lines_per_msgid").counts(by_msgid);
  j.key("lines_with_structured_data").value(with_sd);
  j.end_object();
  truth_json = j.str();
  std::string text;
  for (const auto& l : out_lines) text += l + "\n";
  return text;
}

}  // namespace

void generate_syslog(const std::filesystem::path& out) {
  auth_log log;
  const std::vector<entry> entries = log.generate();
  const std::vector<line> lines = reduce_repeats(entries);
  write_file(out, "syslog/auth.log", auth_text(lines));
  write_file(out, "syslog/labels.csv", auth_labels(lines));
  write_file(out, "syslog/truth.json", auth_truth(entries, lines));
  rng r(seed, "app5424");
  std::string truth5424;
  write_file(out, "syslog/app5424.log", generate_5424(r, truth5424));
  write_file(out, "syslog/app5424.truth.json", truth5424);
}

}  // namespace datagen
