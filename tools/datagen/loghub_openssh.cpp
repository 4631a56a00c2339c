// aiops: datasets/logs/openssh: an internet-facing OpenSSH server's log, LogHub style
// SPDX-License-Identifier: MIT
//
// Built from connections: each one is an sshd process (one PID) whose lines share the client
// address, port and user name: password guessing for invalid users and for root, successful
// password and public-key logins, scanners that never authenticate, and a few rare events
// (a restart, kex failures, reasons typed by clients). Connections overlap in time, as they do.
#include <algorithm>    // std::sort
#include <cstdint>      // std::int64_t
#include <map>          // std::map
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <tuple>        // std::tie
#include <vector>       // std::vector

#include "inet.hpp"
#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20251210;
constexpr std::size_t target_lines = 8'000;

const std::vector<event_type> events = {
    {"E1", "", "", "reverse mapping checking getaddrinfo for {rdns} [{ip}] failed - POSSIBLE BREAK-IN ATTEMPT!"},
    {"E2", "", "", "Invalid user {user} from {ip} port {port}"},
    {"E3", "", "", "input_userauth_request: invalid user {user} [preauth]"},
    {"E4", "", "", "pam_unix(sshd:auth): check pass; user unknown"},
    {"E5", "", "", "pam_unix(sshd:auth): authentication failure; logname= uid={=0} euid={=0} tty=ssh ruser= rhost={ip}"},
    {"E6", "", "", "pam_unix(sshd:auth): authentication failure; logname= uid={=0} euid={=0} tty=ssh ruser= rhost={ip}  user={user}"},
    {"E7", "", "", "Failed password for invalid user {user} from {ip} port {port} ssh2"},
    {"E8", "", "", "Failed password for {user} from {ip} port {port} ssh2"},
    {"E9", "", "", "Received disconnect from {ip} port {port}:{=11}: Bye Bye [preauth]"},
    {"E10", "", "", "Disconnected from invalid user {user} {ip} port {port} [preauth]"},
    {"E11", "", "", "Disconnected from authenticating user {user} {ip} port {port} [preauth]"},
    {"E12", "", "", "Connection closed by {ip} port {port} [preauth]"},
    {"E13", "", "", "Connection closed by invalid user {user} {ip} port {port} [preauth]"},
    {"E14", "", "", "Connection closed by authenticating user {user} {ip} port {port} [preauth]"},
    {"E15", "", "", "Accepted password for {user} from {ip} port {port} ssh2"},
    {"E16", "", "", "Accepted publickey for {user} from {ip} port {port} ssh2: {key_type} SHA256:{fingerprint}"},
    {"E17", "", "", "pam_unix(sshd:session): session opened for user {user}(uid={uid}) by (uid={=0})"},
    {"E18", "", "", "pam_unix(sshd:session): session closed for user {user}"},
    {"E19", "", "", "Received disconnect from {ip} port {port}:{=11}: disconnected by user"},
    {"E20", "", "", "Disconnected from user {user} {ip} port {port}"},
    {"E21", "", "", "PAM {retries} more authentication failures; logname= uid={=0} euid={=0} tty=ssh ruser= rhost={ip}  user={user}"},
    {"E22", "", "", "error: maximum authentication attempts exceeded for {user} from {ip} port {port} ssh2 [preauth]"},
    {"E23", "", "", "Disconnecting authenticating user {user} {ip} port {port}: Too many authentication failures [preauth]"},
    {"E24", "", "", "PAM service(sshd) ignoring max retries; {retries} > {=3}"},
    {"E25", "", "", "error: kex_exchange_identification: Connection closed by remote host"},
    {"E26", "", "", "error: kex_exchange_identification: client sent invalid protocol identifier \"{ident}\""},
    {"E27", "", "", "banner exchange: Connection from {ip} port {port}: invalid format"},
    {"E28", "", "", "Unable to negotiate with {ip} port {port}: no matching key exchange method found. Their offer: {kex} [preauth]"},
    {"E29", "", "", "Connection reset by {ip} port {port} [preauth]"},
    {"E30", "", "", "Did not receive identification string from {ip} port {port}"},
    {"E31", "", "", "Server listening on {listen} port {=22}."},
    {"E32", "", "", "Received signal {=15}; terminating."},
    {"E33", "", "", "error: Received disconnect from {ip} port {port}:{code}: {reason} [preauth]"},
    {"E34", "", "", "fatal: Read from socket failed: Connection reset by peer [preauth]"},
    {"E35", "", "", "Postponed publickey for {user} from {ip} port {port} ssh2 [preauth]"},
    {"E36", "", "", "Timeout before authentication for {ip} port {port}"},
};

// Names that password-guessing bots try, most popular first. "" is real: "Invalid user  from".
const std::vector<std::string_view> guessed_users = {
    "admin", "test", "user", "ubuntu", "oracle", "postgres", "guest", "git", "ftpuser", "pi", "support", "hadoop",
    "deploy", "mysql", "www", "jenkins", "nagios", "ubnt", "tomcat", "minecraft", "test123", "user1", "sysadmin",
    "teamspeak", "1234", "0101", "Admin", "ts3", "", "elastic", "steam", "dev", "odoo", "vagrant", "ansible"};

struct account {
  std::string_view name;
  int uid;
  std::string_view key;  ///< "" for a password login
};
const account accounts[] = {
    {"alice", 1002, "ED25519 SHA256:Xq8pL0w3vJc2m9FkT1nR7yHdE4sZbA6uQeGiVoKxNf0"},
    {"bob", 1003, ""},
    {"deploy", 1001, "RSA SHA256:3hZkP9dW1yQe7LmCv5TnBx0aJr2sUgF8oKiE4tHbN6Y"},
    {"backup", 1007, "ED25519 SHA256:Fa5Ye0nT2kLw9ZqB8xCm3JdV7hPs1RuG6oEiNt4bUjA"},
    {"carol", 1005, ""},
    {"ansible", 1004, "ECDSA SHA256:m2Vt9QyH4cLx8RbN0pZa6JkE1wFsDg7uTo3iYeCnKq5"},
};

const std::vector<std::string_view> reverse_suffixes = {
    "static.vnpt.vn", "adsl.tpnet.pl", "dynamic.163data.com.cn", "rev.poneytelecom.eu", "ip.linodeusercontent.com",
    "customer.static.kyivstar.net", "broadband.actcorp.in", "dsl.telesp.net.br"};

const std::vector<std::string_view> client_reasons = {
    "Auth fail", "com.jcraft.jsch.JSchException: Auth fail", "Normal Shutdown, Thank you for playing",
    "Client disconnecting normally", "Goodbye", "Closed due to user request.", "Unable to authenticate"};

const std::vector<std::string_view> identifiers = {
    "GET / HTTP/1.1", "MGLNDD_{ip}_22", "\\026\\003\\001", "SSH-2.0", "OPTIONS / RTSP/1.0", "HEAD / HTTP/1.0",
    "GET /favicon.ico HTTP/1.1"};

// A line before it is placed: when it happens and which connection wrote it.
struct pending {
  timestamp_ns t;
  std::uint64_t seq;
  int pid;
  record rec;
};

class openssh_log {
 public:
  openssh_log() : root_(seed, "logs/openssh"), r_(root_.fork("connections")) {
    rng bots = root_.fork("bots");
    for (int i = 0; i < 90; ++i) bot_ips_.push_back(public_ipv4(bots));
  }

  std::vector<record> generate() {
    timestamp_ns t = aiops::to_timestamp({2025, 12, 10, 6, 55, 46, 0});
    while (lines_.size() < target_lines) {
      t += static_cast<timestamp_ns>(r_.exponential(24.0) * 1e9);
      connection(t);
    }
    std::sort(lines_.begin(), lines_.end(),
              [](const pending& a, const pending& b) { return std::tie(a.t, a.seq) < std::tie(b.t, b.seq); });
    std::vector<record> out;
    for (pending& p : lines_) {
      const aiops::civil_time c = aiops::to_civil(p.t);
      p.rec.header = {std::string(month(p.t)), std::to_string(c.day),
                      concat({padded(c.hour, 2), ":", padded(c.minute, 2), ":", padded(c.second, 2)}), "gw-ssh-01",
                      std::to_string(p.pid)};
      out.push_back(std::move(p.rec));
    }
    return out;
  }

 private:
  // One sshd process: its lines at t, t + a little, ...; `values` holds the connection's user, ip, port.
  void connection(timestamp_ns t) {
    values_.clear();
    pid_ += 1 + static_cast<int>(r_.below(40));
    const double kind = r_.uniform();
    if (kind < 0.46) return guess_invalid_user(t);
    if (kind < 0.70) return guess_root(t);
    if (kind < 0.78) return login(t);
    if (kind < 0.985) return scanner(t);
    rare(t);
  }

  void emit(timestamp_ns& t, std::string_view id, double mean_gap = 0.6) {
    record rec = make_record(events, event_index(events, id), [this](std::string_view name) { return value(name); });
    lines_.push_back({t, lines_.size(), pid_, std::move(rec)});
    t += static_cast<timestamp_ns>(r_.exponential(mean_gap) * 1e9);
  }

  // The connection's parameters stay the same on all its lines; the others are drawn each time.
  std::string value(std::string_view name) {
    if (name == "user" || name == "ip" || name == "port" || name == "uid") {
      auto it = values_.find(std::string(name));
      if (it == values_.end()) it = values_.emplace(std::string(name), fresh(name)).first;
      return it->second;
    }
    if (name == "rdns") {
      std::string dashed = value("ip");
      for (char& c : dashed)
        if (c == '.') c = '-';
      return concat({dashed, ".", popular(r_, reverse_suffixes)});
    }
    if (name == "retries") return std::to_string(r_.between(1, 5));
    if (name == "key_type" || name == "fingerprint") {
      const std::string_view key = values_.at("key");
      const std::size_t space = key.find(' ');
      return std::string(name == "key_type" ? key.substr(0, space) : key.substr(space + 8));  // after "SHA256:"
    }
    if (name == "ident") {
      const std::string_view id = popular(r_, identifiers);
      return id == "MGLNDD_{ip}_22" ? concat({"MGLNDD_", public_ipv4(r_), "_22"}) : std::string(id);
    }
    if (name == "kex") {
      return r_.chance(0.6) ? "diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1"
                            : "diffie-hellman-group1-sha1";
    }
    if (name == "listen") return r_.chance(0.5) ? "0.0.0.0" : "::";
    if (name == "code") return r_.chance(0.7) ? "3" : "14";
    if (name == "reason") return std::string(popular(r_, client_reasons));
    throw std::logic_error("openssh: no parameter " + std::string(name));
  }

  std::string fresh(std::string_view name) {
    if (name == "ip") return r_.chance(0.8) ? bot_ips_[r_.below(bot_ips_.size())] : public_ipv4(r_);
    if (name == "port") return std::to_string(r_.between(1024, 65535));
    if (name == "user") return std::string(popular(r_, guessed_users));
    throw std::logic_error("openssh: no connection value " + std::string(name));
  }

  void guess_invalid_user(timestamp_ns t) {
    if (r_.chance(0.15)) emit(t, "E1");
    emit(t, "E2");
    if (r_.chance(0.3)) emit(t, "E3");
    emit(t, "E4");
    emit(t, "E5", 2);
    emit(t, "E7");
    const double end = r_.uniform();
    if (end < 0.55) {
      emit(t, "E9");
      emit(t, "E10");
    } else if (end < 0.9) {
      emit(t, "E13");
    } else {
      emit(t, "E33");
    }
  }

  void guess_root(timestamp_ns t) {
    values_["user"] = "root";
    if (r_.chance(0.15)) emit(t, "E1");
    emit(t, "E6", 2);
    const auto tries = r_.between(1, 6);
    for (std::int64_t i = 0; i < tries; ++i) emit(t, "E8", 3);
    if (tries == 6) {
      emit(t, r_.chance(0.5) ? "E22" : "E23");
      emit(t, "E21");
      emit(t, "E24");
    } else if (r_.chance(0.6)) {
      emit(t, "E9");
      emit(t, "E11");
    } else {
      emit(t, "E14");
    }
  }

  void login(timestamp_ns t) {
    const account& a = accounts[r_.below(std::size(accounts))];
    values_["user"] = a.name;
    values_["uid"] = std::to_string(a.uid);
    values_["ip"] = r_.chance(0.7) ? "203.0.113.24" : "198.51.100.77";  // the office and the VPN
    if (a.key.empty()) {
      emit(t, "E15", 0.01);
    } else {
      values_["key"] = a.key;
      if (r_.chance(0.1)) emit(t, "E35", 0.05);
      emit(t, "E16", 0.01);
    }
    emit(t, "E17", r_.exponential(1800));
    emit(t, "E19", 0.01);
    emit(t, "E20", 0.01);
    emit(t, "E18");
  }

  void scanner(timestamp_ns t) {
    const double kind = r_.uniform();
    if (kind < 0.35) emit(t, "E12");
    else if (kind < 0.55) emit(t, "E25");
    else if (kind < 0.65) emit(t, "E26");
    else if (kind < 0.73) emit(t, "E27");
    else if (kind < 0.81) emit(t, "E28");
    else if (kind < 0.89) emit(t, "E29");
    else if (kind < 0.95) emit(t, "E30");
    else emit(t, "E36");
  }

  void rare(timestamp_ns t) {
    const double kind = r_.uniform();
    if (kind < 0.35) {
      emit(t, "E34");
    } else if (kind < 0.55) {  // a restart after an upgrade
      emit(t, "E32", 1.5);
      emit(t, "E31", 0.01);
      emit(t, "E31");
    } else {
      emit(t, "E33");
    }
  }

  rng root_, r_;
  std::vector<std::string> bot_ips_;
  std::map<std::string, std::string> values_;
  std::vector<pending> lines_;
  int pid_ = 24'200;
};

}  // namespace

void generate_openssh(const std::filesystem::path& out) {
  const system_spec spec{"openssh", "OpenSSH.log", "<Month> <Day> <Time> <Host> sshd[<Pid>]: <Content>",
                         {{"Month"}, {"Day", 2}, {"Time"}, {"Host"}, {"Pid"}}};
  openssh_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
