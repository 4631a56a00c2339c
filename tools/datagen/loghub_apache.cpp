// aiops: datasets/logs/apache: an Apache httpd 2.4 error log (mpm_prefork, PHP, SSL, a reverse proxy)
// SPDX-License-Identifier: MIT
//
// A web server on the internet: missing files and scanners, PHP warnings from the application,
// TLS handshakes, access denied by configuration, basic-auth failures, a back end that goes away
// (the proxy disables its worker), two restarts and a segfaulting child. Lines follow Apache
// 2.4's ErrorLogFormat default: [time] [module:level] [pid N:tid N] [client ip:port] AHnnnnn: ...
#include <cstdint>      // std::int64_t
#include <stdexcept>    // std::logic_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "inet.hpp"
#include "loghub.hpp"

namespace datagen::loghub {

namespace {

constexpr std::uint64_t seed = 20251204;
constexpr std::size_t lines = 6'000;

const std::vector<event_type> events = {
    {"E1", "error", "core", "[client {client}] AH00126: Invalid URI in request {request}", 3},
    {"E2", "error", "core", "[client {client}] AH00128: File does not exist: {missing}", 20},
    {"E3", "error", "core", "[client {client}] AH00128: File does not exist: {missing}, referer: {url}", 4},
    {"E4", "error", "autoindex",
     "[client {client}] AH01276: Cannot serve directory {directory}: No matching DirectoryIndex (index.html,index.php) found, "
     "and server-generated directory index forbidden by Options directive", 4},
    {"E5", "error", "php7", "[client {client}] PHP Fatal error:  Uncaught Error: Call to undefined function {function}() in {script}:{line}", 0, 14},
    {"E6", "warn", "php7", "[client {client}] PHP Warning:  {php_warning} in {script} on line {line}", 4},
    {"E7", "notice", "php7", "[client {client}] PHP Notice:  Undefined index: {key} in {script} on line {line}", 4},
    {"E8", "error", "authz_core", "[client {client}] AH01630: client denied by server configuration: {denied}", 5},
    {"E9", "warn", "ssl", "AH01909: {server}:{=443}:{=0} server certificate does NOT include an ID which matches the server name", 0, 4},
    {"E10", "notice", "mpm_prefork", "AH00163: Apache/{version} (Ubuntu) OpenSSL/1.1.1f configured -- resuming normal operations", 0, 4},
    {"E11", "notice", "core", "AH00094: Command line: '{binary}'", 0, 4},
    {"E12", "notice", "mpm_prefork", "AH00169: caught SIGTERM, shutting down", 0, 3},
    {"E13", "notice", "core", "AH00051: child pid {pid} exit signal Segmentation fault ({=11}), possible coredump in {core_dir}", 0, 5},
    {"E14", "error", "mpm_prefork", "AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", 0, 6},
    {"E15", "error", "proxy", "({=111})Connection refused: AH00957: HTTP: attempt to connect to {backend} ({backend_ip}) failed", 0, 40},
    {"E16", "error", "proxy", "AH00959: ap_proxy_connect_backend disabling worker for ({backend_ip}) for {retry}", 0, 38},
    {"E17", "error", "proxy_http", "[client {client}] AH01114: HTTP: failed to make connection to backend: {backend_ip}", 0, 60},
    {"E18", "error", "core",
     "[client {client}] AH00124: Request exceeded the limit of {=10} internal redirects due to probable configuration error. "
     "Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace.", 0, 7},
    {"E19", "info", "reqtimeout", "[client {client}] AH01382: Request header read timeout", 3},
    {"E20", "info", "ssl", "[client {client}] AH02008: SSL library error {=1} in handshake (server {server}:{=443})", 2},
    {"E21", "info", "ssl", "[client {client}] AH01964: Connection to child {child} established (server {server}:{=443})", 4},
    {"E22", "info", "ssl", "({=104})Connection reset by peer: [client {client}] AH01991: SSL input filter read failed.", 1.5},
    {"E23", "error", "cgi", "[client {client}] AH01215: {cgi_output}: {cgi_script}", 1.5},
    {"E24", "error", "core", "[client {client}] AH00037: Symbolic link not allowed or link target not accessible: {missing}", 1},
    {"E25", "warn", "core", "AH00098: pid file {pid_file} overwritten -- Unclean shutdown of previous Apache run?", 0, 1},
    {"E26", "error", "auth_basic", "[client {client}] AH01618: user {user} not found: {protected}", 2},
    {"E27", "error", "auth_basic", "[client {client}] AH01617: user {user}: authentication failure for \"{protected}\": Password Mismatch", 2},
    {"E28", "error", "core", "[client {client}] AH10244: invalid URI path ({traversal})", 1.5},
};

const std::vector<std::string_view> missing = {
    "/var/www/html/favicon.ico", "/var/www/html/robots.txt", "/var/www/html/wp-login.php", "/var/www/html/.env",
    "/var/www/html/phpmyadmin", "/var/www/html/apple-touch-icon.png", "/var/www/html/.git/config",
    "/var/www/html/wp-content/plugins/wp-file-manager/readme.txt", "/var/www/html/admin/config.php",
    "/var/www/html/sitemap.xml", "/var/www/html/images/logo_2x.png", "/var/www/html/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php"};
const std::vector<std::string_view> requests = {
    "GET /../../../../etc/passwd HTTP/1.1", "GET /%2e%2e/%2e%2e/etc/shadow HTTP/1.0", "GET /cgi-bin/../../bin/sh HTTP/1.1",
    "POST /..%2f..%2f..%2fbin/bash HTTP/1.1", "GET /.%00./.%00./etc/hosts HTTP/1.1"};
const std::vector<std::string_view> php_warnings = {
    "Undefined variable: user", "Division by zero", "Invalid argument supplied for foreach()",
    "count(): Parameter must be an array or an object that implements Countable",
    "mysqli_connect(): (HY000/2002): Connection refused", "Cannot modify header information - headers already sent by (output started at {script}:{line})"};
const std::vector<std::string_view> scripts = {
    "/var/www/html/index.php", "/var/www/html/shop/cart.php", "/var/www/html/shop/checkout.php",
    "/var/www/html/includes/db.php", "/var/www/html/api/v1/orders.php", "/var/www/html/lib/template.php"};
const std::vector<std::string_view> cgi_outputs = {
    "End of script output before headers", "Premature end of script headers", "malformed header from script 'stats.cgi'",
    "Bad header: Content-type text/html", "script not found or unable to stat"};

class apache_log {
 public:
  apache_log() : root_(seed, "logs/apache"), r_(root_.fork("values")), times_(root_.fork("times")) {
    rng clients = root_.fork("clients");
    for (int i = 0; i < 150; ++i) clients_.push_back(public_ipv4(clients));
  }

  std::vector<record> generate() {
    rng draw = root_.fork("events");
    return sample(draw, events, lines, [this](std::string_view name, const event_type&) { return value(name); },
                  [this](std::size_t, const event_type& e) { return header(e); });
  }

 private:
  std::vector<std::string> header(const event_type& e) {
    now_ += static_cast<timestamp_ns>(times_.exponential(85.0) * 1e9);
    const aiops::civil_time c = aiops::to_civil(now_);
    const std::string time = concat({weekday(now_), " ", month(now_), " ", padded(c.day, 2), " ", padded(c.hour, 2), ":",
                                     padded(c.minute, 2), ":", padded(c.second, 2), ".", padded(c.nanosecond / 1000, 6), " ",
                                     std::to_string(c.year)});
    const auto pid = times_.between(1000, 30000);
    const bool parent = e.component == "mpm_prefork" || e.id == "E11" || e.id == "E13" || e.id == "E25";
    const std::string tid = parent ? "140245139543872" : std::to_string(times_.between(140244000000000, 140246000000000));
    return {time, std::string(e.component), std::string(e.level), parent ? "1040" : std::to_string(pid), tid};
  }

  std::string sub(std::string_view text) {
    return expand(text, [this](std::string_view name) { return value(name); });
  }

  std::string value(std::string_view name) {
    if (name == "client") return concat({clients_[r_.below(clients_.size())], ":", std::to_string(r_.between(1024, 65535))});
    if (name == "request") return std::string(popular(r_, requests));
    if (name == "missing") return std::string(popular(r_, missing));
    if (name == "url") return concat({"https://www.example-shop.com/", popular(r_, {"", "shop/", "blog/2025/11/black-friday", "cart"})});
    if (name == "directory") return std::string(popular(r_, {"/var/www/html/uploads/", "/var/www/html/images/", "/var/www/html/backup/"}));
    if (name == "function") return std::string(popular(r_, {"mysql_connect", "each", "create_function", "split"}));
    if (name == "script") return std::string(popular(r_, scripts));
    if (name == "line") return std::to_string(r_.between(3, 900));
    if (name == "php_warning") return sub(popular(r_, php_warnings));
    if (name == "key") return std::string(popular(r_, {"id", "page", "user", "lang", "sort", "q"}));
    if (name == "denied") return std::string(popular(r_, {"/var/www/html/.htaccess", "/var/www/html/server-status", "/var/www/html/.htpasswd"}));
    if (name == "server") return "www.example-shop.com";
    if (name == "version") return r_.chance(0.5) ? "2.4.41" : "2.4.52";
    if (name == "binary") return "/usr/sbin/apache2";
    if (name == "pid") return std::to_string(r_.between(1000, 30000));
    if (name == "core_dir") return "/etc/apache2";
    if (name == "backend") return "127.0.0.1:8080";
    if (name == "backend_ip") return "127.0.0.1";
    if (name == "retry") return "60s";
    if (name == "child") return std::to_string(r_.between(0, 150));
    if (name == "cgi_output") return std::string(popular(r_, cgi_outputs));
    if (name == "cgi_script") return std::string(popular(r_, {"/usr/lib/cgi-bin/stats.cgi", "/usr/lib/cgi-bin/mailform.pl"}));
    if (name == "pid_file") return "/var/run/apache2/apache2.pid";
    if (name == "user") return std::string(popular(r_, {"admin", "root", "test", "guest", "manager", "webmaster"}));
    if (name == "protected") return std::string(popular(r_, {"/admin/", "/server-status", "/munin/", "/private/reports/"}));
    if (name == "traversal") return std::string(popular(r_, {"/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh", "/icons/.%2e/%2e%2e/%2e%2e/etc/passwd"}));
    throw std::logic_error("apache: no parameter " + std::string(name));
  }

  rng root_, r_, times_;
  std::vector<std::string> clients_;
  timestamp_ns now_ = aiops::to_timestamp({2025, 12, 4, 4, 47, 44, 0});
};

}  // namespace

void generate_apache(const std::filesystem::path& out) {
  const system_spec spec{"apache", "Apache.log", "[<Time>] [<Module>:<Level>] [pid <Pid>:tid <Tid>] <Content>",
                         {{"Time"}, {"Module"}, {"Level"}, {"Pid"}, {"Tid"}}};
  apache_log log;
  write_system(out, spec, events, log.generate());
}

}  // namespace datagen::loghub
