// aiops: access-log parser for any nginx log_format or Apache LogFormat, zero-copy
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::min
#include <array>        // std::array
#include <bit>          // std::countr_zero, std::countl_zero, std::endian
#include <cmath>        // std::isfinite
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t, std::int64_t, std::int8_t
#include <cstring>      // std::memchr, std::memcmp, std::memcpy
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#if defined(__SSE2__)
#include <immintrin.h>  // _mm_cmpeq_epi8, _mm256_cmpeq_epi8, their movemasks, _mm512_mask_cmpeq_epi8_mask
#endif

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/logs/detail/escapes.hpp"

AIOPS_BEGIN_NAMESPACE
namespace logs {

/// nginx's predefined `combined` format (what "nginx access log" means unless configured).
inline constexpr std::string_view nginx_combined_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent")";
/// The `main` format of nginx's stock nginx.conf: combined plus X-Forwarded-For.
inline constexpr std::string_view nginx_main_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for")";
/// Apache's Common Log Format.
inline constexpr std::string_view apache_common_format = R"(%h %l %u %t "%r" %>s %b)";
/// Apache's combined format.
inline constexpr std::string_view apache_combined_format = R"(%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i")";
/// Debian's vhost_combined (other_vhosts_access.log).
inline constexpr std::string_view apache_vhost_combined_format =
    R"(%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i")";
/// lighttpd's default access log (mod_accesslog): combined with the requested host (%V) where
/// combined has the ident.
inline constexpr std::string_view lighttpd_format = R"(%h %V %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i")";
/// An AWS Application Load Balancer's access log, as nginx variables: its request_processing_time,
/// target_processing_time (here $request_time) and response_processing_time, elb_status_code
/// ($status), received_bytes ($request_length) and sent_bytes ($bytes_sent). AWS adds fields at
/// the end from time to time: read it with allow_trailing_text. The client is "address:port", an
/// IPv6 address unbracketed ("2001:db8::1:54321"): the port is what follows the last ':'.
inline constexpr std::string_view aws_alb_format =
    R"($type $time_iso8601 $elb $remote_addr:$remote_port $target $request_processing_time $request_time )"
    R"($response_processing_time $status $target_status_code $request_length $bytes_sent "$request" "$http_user_agent" )"
    R"($ssl_cipher $ssl_protocol $target_group_arn "$trace_id" "$domain_name" "$chosen_cert_arn" $matched_rule_priority )"
    R"($request_creation_time "$actions_executed" "$redirect_url" "$error_reason" "$target_list" "$target_status_code_list" )"
    R"("$classification" "$classification_reason")";
/// A Classic Load Balancer's (ELB) access log, named as aws_alb_format's fields.
inline constexpr std::string_view aws_elb_format =
    R"($time_iso8601 $elb $remote_addr:$remote_port $backend $request_processing_time $request_time )"
    R"($response_processing_time $status $backend_status_code $request_length $bytes_sent "$request" "$http_user_agent" )"
    R"($ssl_cipher $ssl_protocol)";
/// Traefik's CLF access log: combined, then the requests Traefik has seen, the router, the server
/// and the duration ("12ms").
inline constexpr std::string_view traefik_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" )"
    R"($traefik_requests "$router_name" "$server_url" ${request_time_ms}ms)";
/// Envoy's default access log, as nginx variables: %BYTES_RECEIVED% is $request_length, %DURATION%
/// (milliseconds) $request_time_ms, %REQ(:AUTHORITY)% $host, %UPSTREAM_HOST% $upstream_addr. The
/// client is only in X-Forwarded-For.
inline constexpr std::string_view envoy_format =
    R"([$time_iso8601] "$request" $status $response_flags $request_length $bytes_sent $request_time_ms $upstream_service_time )"
    R"("$http_x_forwarded_for" "$http_user_agent" "$http_x_request_id" "$host" "$upstream_addr")";
/// Istio's access log (Envoy's with the response details, the upstream cluster and addresses): the
/// client is %DOWNSTREAM_REMOTE_ADDRESS%, $remote_addr:$remote_port.
inline constexpr std::string_view istio_format =
    R"([$time_iso8601] "$request" $status $response_flags $response_code_details $connection_termination_details )"
    R"("$upstream_transport_failure_reason" $request_length $bytes_sent $request_time_ms $upstream_service_time )"
    R"("$http_x_forwarded_for" "$http_user_agent" "$http_x_request_id" "$host" "$upstream_addr" $upstream_cluster )"
    R"($upstream_local_address $downstream_local_address $remote_addr:$remote_port $requested_server_name $route_name)";
/// Squid's native access.log ("%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt"), as
/// nginx variables; compile it with pad_spaces.
inline constexpr std::string_view squid_format =
    "$msec $request_time_ms $remote_addr $cache_status/$status $bytes_sent $request_method $request_uri $remote_user "
    "$hierarchy/$upstream_addr $content_type";

/// HAProxy's HTTP log ("option httplog"), as nginx variables: the accept date (milliseconds, no
/// zone: read as UTC) is $time_local, the timers TR/Tw/Tc/Tr/Ta (Tq/Tw/Tc/Tr/Tt before 1.7) are
/// milliseconds and the last, the whole request, is $request_time_ms; "-1" is a timer that did not
/// run (an aborted request), and a status of -1 no response. Captured headers ("{host|agent} {}"),
/// when configured, stay in $backend_queue after the queue's length. Through syslog, HAProxy's
/// usual way to log, each line starts with a syslog header: parse its message (logs::parse_syslog).
inline constexpr std::string_view haproxy_http_format =
    R"($remote_addr:$remote_port [$time_local] $frontend_name $backend_name/$server_name )"
    R"($request_receive_ms/$queue_ms/$connect_ms/$response_ms/$request_time_ms $status $bytes_sent )"
    R"($captured_request_cookie $captured_response_cookie $termination_state $actconn/$feconn/$beconn/$srv_conn/$retries )"
    R"($srv_queue/$backend_queue "$request")";

/// A format has at most this many variables (so a record needs no allocation).
inline constexpr std::size_t max_access_fields = 64;

/// How strict a parse is.
struct access_options {
  /// When false (the default) a request line that is not `METHOD URI [PROTOCOL]` ("-", or the
  /// "\x16\x03\x01..." of a TLS handshake sent to a plain-HTTP port) is kept: the line is a real
  /// event, usually a 400, and scanners are worth counting. request_line_ok() is then false and
  /// method/path/query/protocol are empty. When true such a line is a failure.
  bool strict_request = false;
  /// When true, text after the last field is ignored instead of failing the line: a
  /// `combined` parser then also reads `main` lines and others that append fields.
  bool allow_trailing_text = false;
  /// When true, a run of spaces after a delimiter that ends with a space is part of it: squid pads
  /// its elapsed time to six characters ("1728568536.123    123 10.0.0.1 ...").
  bool pad_spaces = false;
};

/// What a W3C extended log needs besides its "#Fields:" directive.
struct w3c_options {
  char separator = ' ';        ///< between values: ' ' (IIS), '\t' (CloudFront)
  bool time_taken_ms = false;  ///< time-taken in milliseconds (IIS) rather than the standard's seconds (CloudFront)
};

/// Decodes the escapes nginx and Apache write into logged values: \xHH (nginx writes '"' as
/// \x22), \" \\ \n \t (Apache), \uXXXX (nginx escape=json).
inline std::string unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  detail::unescape_into(raw, out);
  return out;
}

namespace detail {

// What a variable means, so that typed accessors find it whatever the format calls it.
enum class access_role : std::uint8_t {
  other, remote_addr, remote_user, time_local, time_iso8601, msec, request, method, request_uri, uri, query,
  protocol, status, body_bytes, bytes_sent, referer, user_agent, request_time, request_time_ms, request_time_us,
  upstream_time, w3c_date, w3c_time, count
};

constexpr access_role role_of(std::string_view name) noexcept {
  struct entry {
    std::string_view name;
    access_role role;
  };
  constexpr entry table[] = {
      {"remote_addr", access_role::remote_addr}, {"remote_user", access_role::remote_user},
      {"time_local", access_role::time_local}, {"time_iso8601", access_role::time_iso8601},
      {"msec", access_role::msec}, {"request", access_role::request},
      {"request_method", access_role::method}, {"request_uri", access_role::request_uri},
      {"uri", access_role::uri}, {"document_uri", access_role::uri},
      {"args", access_role::query}, {"query_string", access_role::query},
      {"server_protocol", access_role::protocol}, {"status", access_role::status},
      {"body_bytes_sent", access_role::body_bytes}, {"bytes_sent", access_role::bytes_sent},
      {"http_referer", access_role::referer}, {"http_user_agent", access_role::user_agent},
      {"request_time", access_role::request_time}, {"request_time_ms", access_role::request_time_ms},
      {"request_time_us", access_role::request_time_us}, {"upstream_response_time", access_role::upstream_time},
      {"w3c_date", access_role::w3c_date}, {"w3c_time", access_role::w3c_time},
  };
  for (const entry& e : table)
    if (e.name == name) return e.role;
  return access_role::other;
}

// The nginx-style name of a W3C extended log field ("cs-uri-stem" is uri), else the field's own
// name in lower case with '_' for what a variable name cannot hold ("cs(Cookie)" is cs_cookie_).
inline std::string w3c_name(std::string_view field, bool time_taken_ms) {
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"date", "w3c_date"}, {"time", "w3c_time"}, {"c-ip", "remote_addr"}, {"cs-username", "remote_user"},
      {"cs-method", "request_method"}, {"cs-uri-stem", "uri"}, {"cs-uri-query", "args"}, {"cs-version", "server_protocol"},
      {"cs-protocol-version", "server_protocol"}, {"sc-status", "status"}, {"sc-bytes", "bytes_sent"},
      {"cs-bytes", "request_length"}, {"cs(user-agent)", "http_user_agent"}, {"cs(referer)", "http_referer"},
      {"cs(host)", "host"}, {"cs-host", "host"}, {"s-ip", "server_addr"}, {"s-port", "server_port"},
      {"s-sitename", "server_name"}, {"s-computername", "hostname"}};
  std::string name = to_lower(field);
  if (name == "time-taken") return time_taken_ms ? "request_time_ms" : "request_time";
  for (const auto& [w3c, nginx] : known)
    if (name == w3c) return std::string(nginx);
  for (char& c : name)
    if (!is_alnum(c)) c = '_';
  return name;
}

// A W3C extended log's date and time fields ("2024-10-10", "13:55:36.123"), which are UTC.
inline result<timestamp_ns> parse_w3c_time(std::string_view date, std::string_view time) {
  char text[64];
  if (date.size() + time.size() + 2 > sizeof text) return fail(errc::bad_timestamp, "expected yyyy-mm-dd and hh:mm:ss", 1);
  std::memcpy(text, date.data(), date.size());
  text[date.size()] = 'T';
  std::memcpy(text + date.size() + 1, time.data(), time.size());
  text[date.size() + time.size() + 1] = 'Z';
  return parse_rfc3339(std::string_view(text, date.size() + time.size() + 2));
}

// Where the path of a request target starts: 0, or after the host of an absolute URL
// ("http://host:80/a" is 14), which proxies and load balancers log; the target's end without a path.
inline std::size_t path_start(std::string_view target) noexcept {
  if (target.empty() || target[0] != 'h' || !(target.starts_with("http://") || target.starts_with("https://"))) return 0;
  return std::min(target.find('/', target[4] == 's' ? 8 : 7), target.size());
}

// The nginx-style name of an Apache directive ("%{User-agent}i" is http_user_agent), or "".
inline std::string apache_name(char directive, std::string_view arg) {
  auto header = [&](std::string prefix) {
    for (char c : arg) prefix += c == '-' ? '_' : to_lower(c);
    return prefix;
  };
  switch (directive) {
    case 'i': return arg.empty() ? "" : header("http_");
    case 'o': return arg.empty() ? "" : header("sent_http_");
    case 'C': return arg.empty() ? "" : "cookie_" + std::string(arg);
    case 'e': return arg.empty() ? "" : "env_" + std::string(arg);
    case 'n': return arg.empty() ? "" : "note_" + std::string(arg);
    case 'a': return arg == "c" ? "realip_remote_addr" : "remote_addr";
    case 'A': return "server_addr";
    case 'b': case 'B': return "body_bytes_sent";
    case 'D': return "request_time_us";
    case 'f': return "request_filename";
    case 'h': return "remote_addr";
    case 'H': return "server_protocol";
    case 'I': return "request_length";
    case 'k': return "keepalive_requests";
    case 'l': return "remote_logname";
    case 'L': return "log_id";
    case 'm': return "request_method";
    case 'O': return "bytes_sent";
    case 'p': return arg == "remote" ? "remote_port" : "server_port";
    case 'P': return arg == "tid" || arg == "hextid" ? "tid" : "pid";
    case 'q': return "query_string";
    case 'r': return "request";
    case 'R': return "handler";
    case 's': return "status";
    case 'S': return "bytes_transferred";
    case 't': return arg.empty() ? "time_local" : "time";  // %{strftime}t is kept as text
    case 'T': return arg == "ms" ? "request_time_ms" : arg == "us" ? "request_time_us" : "request_time";
    case 'u': return "remote_user";
    case 'U': return "uri";
    case 'v': return "server_name";
    case 'V': return "host";
    case 'X': return "connection_status";
    default: return "";
  }
}

// Finds bytes in a line for the parser with memchr: any line, any byte.
class byte_search {
 public:
  explicit byte_search(std::string_view line) noexcept : line_(line) {}
  // The first `c` (the format's `k`-th probe byte) at or after `from`, or npos.
  std::size_t next(char c, int /*k*/, std::size_t from) const noexcept {
    if (from >= line_.size()) return std::string_view::npos;
    const void* hit = std::memchr(line_.data() + from, c, line_.size() - from);
    return hit ? std::size_t(static_cast<const char*>(hit) - line_.data()) : std::string_view::npos;
  }
  // The last `c` in [from, before), or npos.
  std::size_t last(char c, int /*k*/, std::size_t from, std::size_t before) const noexcept {
    while (before > from)
      if (line_[--before] == c) return before;
    return std::string_view::npos;
  }

 private:
  std::string_view line_;
};

// Finds bytes in a line for the parser from bit maps of where each of up to four probe bytes (the
// first bytes of the format's delimiters, ' ' and '?') occurs, made 16, 32 or 64 bytes at a time: one
// pass over the line instead of a memchr call per field, whose set-up cost more than the search on
// access-log lines. For lines of 16 to 1024 bytes on processors with SSE2; else byte_search.
class byte_map {
 public:
  static constexpr std::size_t max_probes = 4;

  // True for lines this processor can map: SSE2, 16 to 1024 bytes.
  static constexpr bool usable(std::size_t size) noexcept {
#if defined(__SSE2__)
    return size >= 16 && size <= max_size;
#else
    return false;
#endif
  }

  byte_map(std::string_view line, const std::array<char, max_probes>& probes) noexcept : words_((line.size() + 63) / 64) {
#if defined(__SSE2__)
    if (has_avx512()) map64(line, probes);
    else if (has_avx2()) map32(line, probes);
    else map16(line, probes);
#else
    (void)line;
    (void)probes;
#endif
  }

  std::size_t next(char /*c*/, int k, std::size_t from) const noexcept {
    std::size_t w = from / 64;
    if (w >= words_) return std::string_view::npos;
    std::uint64_t b = bits_[k][w] & (~std::uint64_t(0) << (from % 64));
    while (b == 0) {
      if (++w == words_) return std::string_view::npos;
      b = bits_[k][w];
    }
    return w * 64 + std::size_t(std::countr_zero(b));
  }

  std::size_t last(char /*c*/, int k, std::size_t from, std::size_t before) const noexcept {
    if (before <= from) return std::string_view::npos;
    std::size_t w = (before - 1) / 64;
    std::uint64_t b = bits_[k][w] & (~std::uint64_t(0) >> (63 - (before - 1) % 64));
    for (;;) {
      if (b != 0) {
        const std::size_t at = w * 64 + 63 - std::size_t(std::countl_zero(b));
        return at >= from ? at : std::string_view::npos;
      }
      if (w == 0 || w * 64 <= from) return std::string_view::npos;
      b = bits_[k][--w];
    }
  }

 private:
#if defined(__SSE2__)
  static bool has_avx2() noexcept {
#if defined(__AVX2__)
    return true;
#elif defined(__GNUC__)
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
#else
    return false;
#endif
  }

  static bool has_avx512() noexcept {
#if defined(__AVX512BW__)
    return true;
#elif defined(__GNUC__)
    static const bool yes = __builtin_cpu_supports("avx512bw");
    return yes;
#else
    return false;
#endif
  }

  // Marks 16 bytes at a time. The last block is the line's last 16 bytes, its bits shifted into
  // place: nothing is read past the line.
  void map16(std::string_view line, const std::array<char, max_probes>& probes) noexcept {
    const __m128i p0 = _mm_set1_epi8(probes[0]), p1 = _mm_set1_epi8(probes[1]), p2 = _mm_set1_epi8(probes[2]),
                  p3 = _mm_set1_epi8(probes[3]);
    for (std::size_t w = 0; w < words_; ++w) {
      std::uint64_t m0 = 0, m1 = 0, m2 = 0, m3 = 0;
      for (unsigned s = 0; s < 4; ++s) {
        const std::size_t at = w * 64 + s * 16;
        if (at >= line.size()) break;
        const std::size_t overlap = at + 16 > line.size() ? at + 16 - line.size() : 0;
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(line.data() + at - overlap));
        const unsigned shift = 16 * s;
        m0 |= (std::uint64_t(std::uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, p0)))) >> overlap) << shift;
        m1 |= (std::uint64_t(std::uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, p1)))) >> overlap) << shift;
        m2 |= (std::uint64_t(std::uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, p2)))) >> overlap) << shift;
        m3 |= (std::uint64_t(std::uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, p3)))) >> overlap) << shift;
      }
      store(w, m0, m1, m2, m3);
    }
  }

  // The same, 32 bytes at a time: 7% less time for the whole parse of a combined line.
  __attribute__((target("avx2"))) void map32(std::string_view line, const std::array<char, max_probes>& probes) noexcept {
    if (line.size() < 32) return map16(line, probes);
    const __m256i p0 = _mm256_set1_epi8(probes[0]), p1 = _mm256_set1_epi8(probes[1]), p2 = _mm256_set1_epi8(probes[2]),
                  p3 = _mm256_set1_epi8(probes[3]);
    for (std::size_t w = 0; w < words_; ++w) {
      std::uint64_t m0 = 0, m1 = 0, m2 = 0, m3 = 0;
      for (unsigned s = 0; s < 2; ++s) {
        const std::size_t at = w * 64 + s * 32;
        if (at >= line.size()) break;
        const std::size_t overlap = at + 32 > line.size() ? at + 32 - line.size() : 0;
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(line.data() + at - overlap));
        const unsigned shift = 32 * s;
        m0 |= (std::uint64_t(std::uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, p0)))) >> overlap) << shift;
        m1 |= (std::uint64_t(std::uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, p1)))) >> overlap) << shift;
        m2 |= (std::uint64_t(std::uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, p2)))) >> overlap) << shift;
        m3 |= (std::uint64_t(std::uint32_t(_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, p3)))) >> overlap) << shift;
      }
      store(w, m0, m1, m2, m3);
    }
  }

  // The same, 64 bytes at a time straight into mask registers (no movemask, shift and or per
  // probe): 6% less time for bench_aggregate. The last block's load and compares are masked to
  // the line, so nothing past it is read or marked.
  __attribute__((target("avx512bw"))) void map64(std::string_view line, const std::array<char, max_probes>& probes) noexcept {
    const __m512i p0 = _mm512_set1_epi8(probes[0]), p1 = _mm512_set1_epi8(probes[1]), p2 = _mm512_set1_epi8(probes[2]),
                  p3 = _mm512_set1_epi8(probes[3]);
    for (std::size_t w = 0; w < words_; ++w) {
      const std::size_t left = line.size() - w * 64;
      const __mmask64 in = left >= 64 ? ~__mmask64(0) : (__mmask64(1) << left) - 1;
      const __m512i v = _mm512_maskz_loadu_epi8(in, line.data() + w * 64);
      store(w, _mm512_mask_cmpeq_epi8_mask(in, v, p0), _mm512_mask_cmpeq_epi8_mask(in, v, p1),
            _mm512_mask_cmpeq_epi8_mask(in, v, p2), _mm512_mask_cmpeq_epi8_mask(in, v, p3));
    }
  }

  void store(std::size_t w, std::uint64_t m0, std::uint64_t m1, std::uint64_t m2, std::uint64_t m3) noexcept {
    bits_[0][w] = m0;
    bits_[1][w] = m1;
    bits_[2][w] = m2;
    bits_[3][w] = m3;
  }
#endif

  static constexpr std::size_t max_size = 1024;
  std::size_t words_;
  std::uint64_t bits_[max_probes][max_size / 64];
};

// A literal of a format (the text after a field) and which probe byte is its first.
struct literal {
  std::string text;
  int probe = 0;

  // True when `text` is at `p` of `line`, whose byte there is known to be text[0].
  bool at(std::string_view line, std::size_t p) const noexcept {
    if (line.size() - p < text.size()) return false;
    for (std::size_t i = 1; i < text.size(); ++i)
      if (line[p + i] != text[i]) return false;
    return true;
  }
};

// The first `text` in `line` at or after `from`, or npos. Always inlined: as a call it cost 3% of a
// combined line's parse.
template <class Finder>
[[gnu::always_inline]] inline std::size_t find_literal(const Finder& find, std::string_view line, const literal& text, std::size_t from) noexcept {
  if (text.text.empty()) return from <= line.size() ? from : std::string_view::npos;
  for (std::size_t p = from;; ++p) {
    p = find.next(text.text[0], text.probe, p);
    if (p == std::string_view::npos || text.at(line, p)) return p;
  }
}

// Where a position of a quoted field ends: the next `delimiter` not escaped by a backslash.
template <class Finder>
std::size_t find_unescaped(const Finder& find, std::string_view line, const literal& delimiter, std::size_t field_start,
                           std::size_t from) noexcept {
  for (std::size_t p = from;; ++p) {
    p = find_literal(find, line, delimiter, p);
    if (p == std::string_view::npos) return p;
    std::size_t i = p;
    while (i > field_start && line[i - 1] == '\\') --i;
    if ((p - i) % 2 == 0) return p;
  }
}

// nginx $msec: "1700000000.123" (seconds, optional fraction).
inline result<timestamp_ns> parse_msec(std::string_view s) {
  const std::size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const auto secs = whole.size() <= 10 ? parse_int(whole) : std::nullopt;
  if (!secs || *secs < 0 || *secs > 9'000'000'000) return fail(errc::bad_timestamp, "expected epoch seconds such as 1700000000.123", 1);
  timestamp_ns ns = *secs * ns_per_second;
  if (dot != std::string_view::npos) {
    const std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > 9) return fail(errc::bad_timestamp, "expected 1 to 9 digits after the decimal point", dot + 2);
    timestamp_ns scale = ns_per_second;
    for (std::size_t i = 0; i < frac.size(); ++i) {
      if (!is_digit(frac[i])) return fail(errc::bad_timestamp, "expected digits after the decimal point", dot + 2 + i);
      scale /= 10;
      ns += (frac[i] - '0') * scale;
    }
  }
  return ns;
}

// A byte count at [at, at + n) of `line`: "-" (Apache's zero), or what parse_int reads in up to
// 18 bytes ("-0" included) and is not negative. Up to 8 digits, with 8 bytes of the line from
// their start, are converted as one word, without a loop: the number of digits varies from line
// to line, and from_chars' loop mispredicted its exit (6% of bench_aggregate).
inline std::optional<std::int64_t> parse_byte_count(std::string_view line, std::size_t at, std::size_t n) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    if (n >= 1 && n <= 8 && line.size() - at >= 8) {
      std::uint64_t w;
      std::memcpy(&w, line.data() + at, 8);
      const unsigned pad = unsigned(8 - n) * 8;  // the n bytes moved up, '0's below: "1234" reads as "00001234"
      w = w << pad | 0x3030303030303030ull >> 1 >> (63 - pad);
      if (((w & 0xF0F0F0F0F0F0F0F0ull) | ((w + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4) == 0x3333333333333333ull) {
        w = (w & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;  // eight digits: pairs, then fours, then all
        w = (w & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
        return std::int64_t((w & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32);
      }
    }
  }
  const std::string_view s = line.substr(at, n);
  const auto v = s == "-" ? std::optional<std::int64_t>(0) : s.size() <= 18 ? parse_int(s) : std::nullopt;
  return v && *v >= 0 ? v : std::nullopt;
}

// $time_local, "10/Oct/2000:13:55:36 -0700", with the work of a minute already seen on this
// thread reused: a server logs many requests a minute, so nearly every line differs from the last
// fully parsed one in its seconds only. Same results and errors as parse_nginx_time.
inline result<timestamp_ns> parse_time_local(std::string_view s) {
  constexpr std::size_t size = 26, sec = 18;  // the length, and where the seconds are
  struct minute {
    char text[size] = {};
    timestamp_ns start = 0;
    bool set = false;
  };
  thread_local minute last;
  const bool plain_seconds = s.size() == size && s[sec] >= '0' && s[sec] <= '5' && is_digit(s[sec + 1]);
  const timestamp_ns seconds = plain_seconds ? ((s[sec] - '0') * 10 + (s[sec + 1] - '0')) * ns_per_second : 0;
  // The other 24 bytes equal those of a valid time, and the seconds are 00-59: valid too.
  if (plain_seconds && last.set && std::memcmp(s.data(), last.text, sec) == 0 &&
      std::memcmp(s.data() + sec + 2, last.text + sec + 2, size - sec - 2) == 0)
    return last.start + seconds;
  auto t = parse_nginx_time(s);
  if (t && plain_seconds) {
    std::memcpy(last.text, s.data(), size);
    last.start = *t - seconds;
    last.set = true;
  }
  return t;
}

}  // namespace detail

class access_format;

/// One parsed access-log line: views into the line (which must outlive the record) plus the
/// typed values checked while parsing. Also refers to its access_format, which must outlive it.
///
/// Text accessors return the value as logged, escapes included (see unescape()); "-" (nginx's
/// and Apache's "empty") reads as "" for remote_user, referer and user_agent.
class access_record {
 public:
  /// The whole line.
  std::string_view line() const noexcept { return line_; }
  const access_format& format() const noexcept { return *format_; }

  /// The number of fields (the format's variables).
  std::size_t size() const noexcept;
  /// Field `i` in format order, as logged.
  std::string_view field(std::size_t i) const noexcept { return view(fields_[i]); }
  /// Any field by its nginx variable name without '$' ("host", "upstream_addr", "http_x_request_id");
  /// Apache directives have nginx-style names (see docs/logs.md). Nothing when the format has no such field.
  std::optional<std::string_view> get(std::string_view name) const;

  std::string_view remote_addr() const noexcept { return by_role(detail::access_role::remote_addr); }
  std::string_view remote_user() const noexcept { return dash_empty(by_role(detail::access_role::remote_user)); }
  /// True when the format has a time ($msec, $time_iso8601, $time_local, %t; the first of these wins).
  bool has_time() const noexcept { return has_time_; }
  /// The request time as UTC epoch nanoseconds (0 when !has_time()).
  timestamp_ns time() const noexcept { return time_; }
  /// The raw request line ("GET /a?b=1 HTTP/1.1", "-", or whatever a client sent).
  std::string_view request() const noexcept { return by_role(detail::access_role::request); }
  /// True when the request line was `METHOD URI [PROTOCOL]`.
  bool request_line_ok() const noexcept { return request_ok_; }
  std::string_view method() const noexcept;
  /// The URI up to '?' (from the request line, else $uri, else $request_uri); of an absolute URL
  /// ("GET http://host:80/a HTTP/1.1", what proxies and AWS load balancers log), the part after the host.
  std::string_view path() const noexcept;
  /// The query string without '?' ("" when none).
  std::string_view query() const noexcept;
  std::string_view protocol() const noexcept;
  /// The HTTP status, or 0 when the format has none or the line says 000 or -1 (squid, HAProxy: no response).
  int status() const noexcept { return status_; }
  /// $body_bytes_sent (or $bytes_sent, %b, %B, %O); Apache's "-" is 0; -1 when the format has none.
  std::int64_t bytes() const noexcept { return bytes_; }
  std::string_view referer() const noexcept { return dash_empty(by_role(detail::access_role::referer)); }
  std::string_view user_agent() const noexcept { return dash_empty(by_role(detail::access_role::user_agent)); }
  /// Seconds (%D, %{ms}T, $request_time or %T, the most precise present); NaN when absent or "-".
  double request_time() const noexcept { return request_time_; }
  /// $upstream_response_time in seconds, summed over the upstreams tried ("0.1, 0.2 : 0.3");
  /// NaN when absent or "-".
  double upstream_time() const noexcept;

 private:
  friend class access_format;
  struct span {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };
  std::string_view view(span s) const noexcept { return line_.substr(s.offset, s.size); }
  std::string_view by_role(detail::access_role role) const noexcept;
  static std::string_view dash_empty(std::string_view s) noexcept { return s == "-" ? std::string_view() : s; }
  // Forgets the previous line's values; the fields are all overwritten by the parse.
  void restart(std::string_view line, const access_format* format) noexcept {
    line_ = line;
    format_ = format;
    method_ = target_ = protocol_ = span{};
    time_ = 0;
    bytes_ = -1;
    request_time_ = std::numeric_limits<double>::quiet_NaN();
    status_ = 0;
    has_time_ = request_ok_ = false;
  }

  std::string_view line_;
  const access_format* format_ = nullptr;
  std::array<span, max_access_fields> fields_{};
  span method_, target_, protocol_;
  std::uint32_t path_size_ = 0;  // of target_, before its '?'
  std::uint32_t path_from_ = 0;  // of target_, where the path starts: after "http://host" in an absolute URL
  timestamp_ns time_ = 0;
  std::int64_t bytes_ = -1;
  double request_time_ = std::numeric_limits<double>::quiet_NaN();
  int status_ = 0;
  bool has_time_ = false;
  bool request_ok_ = false;
};

/// A compiled nginx `log_format` or Apache `LogFormat`, and the parser of its lines.
///
///     auto format = aiops::logs::access_format::nginx("combined").value();
///     auto rec = format.parse(line);
///     if (rec) count[rec->status()]++; else report(rec.error().column, rec.error().message);
///
/// Matching is literal: each variable runs up to the text that follows it in the format; in a
/// quoted field ("$request") a backslash-escaped delimiter does not end it; a time with its zone
/// ($time_local, %t) may hold one space; a field directly followed by a query string ends at
/// '?'; a field followed by ':' and a port ("$remote_addr:$remote_port") ends at the last ':'
/// before the port when only digits follow it, so an IPv6 address keeps its colons. Checked
/// while parsing: status (three digits), times, byte counts and request times (numbers or "-").
/// Parsing does not allocate except to describe a failure. Thread-safe for concurrent parse() calls.
class access_format {
 public:
  /// What parse_into() fills (see logs::fills_record).
  using record_type = access_record;

  /// Compiles an nginx log_format string ("$remote_addr [$time_local] \"$request\" ...", `$var`
  /// or `${var}`), or a preset name: "combined", "main". Fails on a '$' with no name, more
  /// than max_access_fields variables, no variable at all, and variables with no text between
  /// them (which cannot be split), except before a query string: "$uri$is_args$args".
  static result<access_format> nginx(std::string_view log_format, access_options options = {}) {
    if (log_format == "combined") log_format = nginx_combined_format;
    else if (log_format == "main") log_format = nginx_main_format;
    access_format f(log_format, options);
    std::string literal;
    for (std::size_t i = 0; i < log_format.size();) {
      if (log_format[i] != '$') {
        literal += log_format[i++];
        continue;
      }
      const std::size_t dollar = i++;
      const bool braced = i < log_format.size() && log_format[i] == '{';
      if (braced) ++i;
      const std::size_t start = i;
      auto name_char = [](char c) { return is_digit(c) || c == '_' || (to_lower(c) >= 'a' && to_lower(c) <= 'z'); };
      while (i < log_format.size() && name_char(log_format[i])) ++i;
      if (i == start) return fail(errc::syntax, "expected a variable name after '$'", dollar + 1);
      const std::string_view name = log_format.substr(start, i - start);
      if (braced) {
        if (i >= log_format.size() || log_format[i] != '}') return fail(errc::syntax, "expected '}' after ${" + std::string(name), i + 1);
        ++i;
      }
      if (auto why = f.add_field(std::move(literal), std::string(name), dollar + 1)) return *why;
      literal.clear();
    }
    if (auto why = f.finish(std::move(literal))) return *why;
    return f;
  }

  /// Compiles an Apache LogFormat string (as in httpd.conf, `\"` accepted) or a preset name:
  /// "common", "combined", "vhost_combined". Directives take nginx-style names: %h and %a
  /// remote_addr, %u remote_user, %t time_local, %r request, %s/%>s status, %b/%B
  /// body_bytes_sent, %O bytes_sent, %D request_time_us, %T request_time, %{Name}i
  /// http_name (lower case, '-' as '_'), %{Name}o sent_http_name, %v server_name, %V host,
  /// ... (docs/logs.md has the table). Status conditions ("%400,501{Referer}i") are ignored.
  static result<access_format> apache(std::string_view log_format, access_options options = {}) {
    if (log_format == "common") log_format = apache_common_format;
    else if (log_format == "combined") log_format = apache_combined_format;
    else if (log_format == "vhost_combined") log_format = apache_vhost_combined_format;
    access_format f(log_format, options);
    std::string literal;
    for (std::size_t i = 0; i < log_format.size();) {
      const char c = log_format[i];
      if (c == '\\' && i + 1 < log_format.size()) {
        const char e = log_format[i + 1];
        literal += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        i += 2;
        continue;
      }
      if (c != '%') {
        literal += c;
        ++i;
        continue;
      }
      const std::size_t percent = i++;
      while (i < log_format.size() && (log_format[i] == '<' || log_format[i] == '>' || log_format[i] == '!' ||
                                       log_format[i] == ',' || is_digit(log_format[i])))
        ++i;
      std::string_view arg;
      if (i < log_format.size() && log_format[i] == '{') {
        const std::size_t close = log_format.find('}', i);
        if (close == std::string_view::npos) return fail(errc::syntax, "expected '}' after %{", i + 1);
        arg = log_format.substr(i + 1, close - i - 1);
        i = close + 1;
      }
      if (i >= log_format.size()) return fail(errc::syntax, "the format ends inside a % directive", percent + 1);
      const char directive = log_format[i++];
      if (directive == '%') {
        literal += '%';
        continue;
      }
      std::string name = detail::apache_name(directive, arg);
      if (name.empty()) return fail(errc::syntax, std::string("unknown or unsupported Apache directive %") + directive, percent + 1);
      const bool bracketed_time = directive == 't' && arg.empty();  // "[10/Oct/2000:13:55:36 -0700]"
      if (bracketed_time) literal += '[';
      if (auto why = f.add_field(std::move(literal), std::move(name), percent + 1)) return *why;
      literal = bracketed_time ? "]" : "";
    }
    if (auto why = f.finish(std::move(literal))) return *why;
    return f;
  }

  /// Compiles a W3C extended log format from its "#Fields:" directive, the format of IIS's logs and
  /// Amazon CloudFront's: "#Fields: date time c-ip cs-method cs-uri-stem sc-status time-taken"
  /// ("#Fields:" optional). Values are separated by `o.separator`; '-' is no value; date and time
  /// are UTC. Fields take nginx names where one exists (c-ip remote_addr, cs-method
  /// request_method, cs-uri-stem uri, cs-uri-query args, sc-status status, sc-bytes bytes_sent,
  /// time-taken request_time, or request_time_ms with o.time_taken_ms, cs(User-Agent)
  /// http_user_agent, ...: docs/logs.md), others their own in lower case with '_' for other
  /// characters. Lines starting with '#' (directives: "#Version:", "#Fields:", ...) fail with
  /// errc::comment. Fails when the directive lists no field or more than max_access_fields.
  static result<access_format> w3c(std::string_view fields, w3c_options o = {}, access_options options = {}) {
    access_format f(fields, options);
    f.w3c_ = true;
    for (std::string_view field : split_ws(fields.substr(fields.starts_with("#Fields:") ? 8 : 0))) {
      const std::size_t column = std::size_t(field.data() - fields.data()) + 1;
      const std::string separator = f.fields_.empty() ? std::string() : std::string(1, o.separator);
      if (auto why = f.add_field(separator, detail::w3c_name(field, o.time_taken_ms), column)) return *why;
    }
    if (f.fields_.empty()) return fail(errc::syntax, "the #Fields: directive lists no field", 1);
    if (auto why = f.finish("")) return *why;
    return f;
  }

  /// The format string that was compiled (a preset name resolved to its text).
  std::string_view text() const noexcept { return text_; }
  /// The number of fields.
  std::size_t size() const noexcept { return fields_.size(); }
  /// The name of field `i` (a variable name without '$').
  std::string_view name(std::size_t i) const noexcept { return fields_[i].name; }
  /// The position of the first field called `name`, or -1.
  int index_of(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < fields_.size(); ++i)
      if (fields_[i].name == name) return int(i);
    return -1;
  }

  result<access_record> operator()(std::string_view line) const& { return parse(line); }
  // A record refers to its format: parsing with a temporary format would leave it dangling.
  result<access_record> operator()(std::string_view line) const&& = delete;
  result<access_record> parse(std::string_view line) const&& = delete;

  /// Parses one line (without its newline). Failures carry the 1-based column and a reason.
  result<access_record> parse(std::string_view line) const& {
    access_record r;
    if (auto why = parse_into(line, r)) return std::move(*why);
    return r;
  }

  /// parse() into a record the caller reuses from line to line, for bulk parsing: a record holds
  /// max_access_fields fields, and building and copying a new one per line cost as much as the
  /// parse. Returns the failure, if any (`r` then holds a partial parse).
  std::optional<failure> parse_into(std::string_view line, access_record& r) const& {
    if (detail::byte_map::usable(line.size()) && probes_ok_)
      return match(line, detail::byte_map(line, probes_), r);
    return match(line, detail::byte_search(line), r);
  }

  /// parse_into with memchr alone, whatever the line and processor: the reference that tests
  /// and fuzzing hold the vectorised search to.
  std::optional<failure> parse_into_portable(std::string_view line, access_record& r) const& {
    return match(line, detail::byte_search(line), r);
  }
  std::optional<failure> parse_into_portable(std::string_view line, access_record& r) const&& = delete;
  std::optional<failure> parse_into(std::string_view line, access_record& r) const&& = delete;

 private:
  friend class access_record;
  using role = detail::access_role;

  // parse_into with `find` locating the delimiters: both finders give the same positions.
  template <class Finder>
  std::optional<failure> match(std::string_view line, const Finder& find, access_record& r) const {
    if (line.size() > std::numeric_limits<std::uint32_t>::max())
      return fail(errc::too_long, "access-log lines are limited to 4 GiB", 1);
    if (w3c_ && !line.empty() && line[0] == '#') return fail(errc::comment, "a W3C directive (#Version:, #Fields:, ...), not a record", 1);
    r.restart(line, this);
    if (line.substr(0, prefix_.size()) != prefix_)
      return fail(line.size() < prefix_.size() ? errc::unexpected_end : errc::syntax,
                  "expected '" + prefix_ + "' at the start of the line", 1);
    std::size_t pos = prefix_.size();
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const field_spec& f = fields_[i];
      std::size_t end = line.size();
      if (f.delimiter.text.empty() && i + 1 < fields_.size()) {
        end = f.is_args ? pos + (pos < line.size() && line[pos] == '?') : end_before_query(find, line, i, pos);
        if (end == std::string_view::npos)
          return fail(errc::unexpected_end, "line ends inside $" + f.name + ": truncated line or another log format", pos + 1);
      } else if (!f.delimiter.text.empty()) {
        auto search = [&](std::size_t from) {
          return f.quoted ? detail::find_unescaped(find, line, f.delimiter, pos, from) : detail::find_literal(find, line, f.delimiter, from);
        };
        end = search(pos);
        if (f.has_space) {
          // The delimiter comes after the time's space. Searched from `pos` too, it is found
          // alongside the space instead of after it (2% of bench_aggregate), and searched again
          // only when it was found at the space. A time without a zone (HAProxy's) has none.
          const std::size_t space = find.next(' ', space_probe_, pos);
          if (space != std::string_view::npos && end == space) end = search(space + 1);
        } else if (f.before_port && end != std::string_view::npos) {
          end = port_colon(find, line, i, end);
        }
        if (end == std::string_view::npos)
          return fail(errc::unexpected_end, "line ends inside $" + f.name + " (no '" + f.delimiter.text +
                                                "' after it): truncated line or another log format?", pos + 1);
      }
      r.fields_[i] = {std::uint32_t(pos), std::uint32_t(end - pos)};
      pos = end + f.delimiter.text.size();
      if (options_.pad_spaces && f.delimiter.text.ends_with(' '))
        while (pos < line.size() && line[pos] == ' ') ++pos;
    }
    if (pos < line.size() && !options_.allow_trailing_text)
      return fail(errc::syntax, "unexpected text after the last field $" + fields_.back().name + ": another log format?", pos + 1);
    return decode(find, r);
  }

  struct field_spec {
    std::string name;
    detail::literal delimiter;  // the text after the field; empty only when the field ends the line
    role kind = role::other;
    bool quoted = false;       // between '"' and '"': a backslash escapes the closing quote
    bool has_space = false;    // a time with its zone: "10/Oct/2000:13:55:36 -0700" (HAProxy's has none)
    bool is_args = false;      // nginx's $is_args: "?" or nothing
    bool before_port = false;  // "$remote_addr:$remote_port": an IPv6 address holds colons too
  };

  access_format(std::string_view text, access_options options) : text_(text), options_(options) { role_index_.fill(-1); }

  std::optional<failure> add_field(std::string literal_before, std::string name, std::size_t column) {
    if (fields_.empty()) {
      prefix_ = std::move(literal_before);
    } else if (literal_before.empty()) {
      // Only a query string can follow a field directly: "$uri$is_args$args", "%U%q".
      if (name != "query_string" && name != "is_args" && fields_.back().name != "is_args")
        return fail(errc::syntax, "$" + fields_.back().name + " and $" + name + " have no text between them, so a line cannot be split",
                    column);
    } else {
      fields_.back().delimiter.text = std::move(literal_before);
    }
    if (fields_.size() == max_access_fields)
      return fail(errc::too_long, "a format may have at most " + std::to_string(max_access_fields) + " variables", column);
    field_spec f;
    f.kind = detail::role_of(name);
    f.has_space = f.kind == role::time_local;
    f.is_args = name == "is_args";
    f.name = std::move(name);
    auto& index = role_index_[std::size_t(f.kind)];
    if (index < 0) index = std::int8_t(fields_.size());
    fields_.push_back(std::move(f));
    return std::nullopt;
  }

  std::optional<failure> finish(std::string literal_after) {
    if (fields_.empty()) return fail(errc::syntax, "the format has no variables (is the preset name right?)", 1);
    fields_.back().delimiter.text = std::move(literal_after);
    for (std::size_t i = 0; i < fields_.size(); ++i) {
      const std::string& before = i == 0 ? prefix_ : fields_[i - 1].delimiter.text;
      const std::string& after = fields_[i].delimiter.text;
      fields_[i].quoted = !before.empty() && before.back() == '"' && !after.empty() && after.front() == '"';
      fields_[i].before_port = after == ":" && i + 1 < fields_.size() && fields_[i + 1].name.ends_with("_port");
    }
    choose_probes();
    return std::nullopt;
  }

  // The bytes a byte_map marks: each delimiter's first byte, ' ' and '?' (times with a zone,
  // request lines, query strings). Formats that need more than it holds use byte_search only.
  void choose_probes() {
    std::size_t count = 0;
    auto probe = [&](char c) {
      for (std::size_t k = 0; k < count; ++k)
        if (probes_[k] == c) return int(k);
      if (count == probes_.size()) {
        probes_ok_ = false;
        return 0;
      }
      probes_[count] = c;
      return int(count++);
    };
    const bool request = role_index_[std::size_t(role::request)] >= 0;
    bool adjacent = false;  // a field followed directly by a query string
    for (std::size_t i = 0; i + 1 < fields_.size(); ++i) adjacent = adjacent || fields_[i].delimiter.text.empty();
    if (request || role_index_[std::size_t(role::time_local)] >= 0) space_probe_ = probe(' ');
    if (request || adjacent) query_probe_ = probe('?');
    for (field_spec& f : fields_)
      if (!f.delimiter.text.empty()) f.delimiter.probe = probe(f.delimiter.text.front());
    for (std::size_t k = count; k < probes_.size(); ++k) probes_[k] = probes_[0];
  }

  // The end of a field followed directly by a query string: the first '?' before the text that
  // follows the group of adjacent fields, or that text.
  template <class Finder>
  std::size_t end_before_query(const Finder& find, std::string_view line, std::size_t i, std::size_t pos) const noexcept {
    while (i + 1 < fields_.size() && fields_[i].delimiter.text.empty()) ++i;
    const std::size_t group_end = fields_[i].delimiter.text.empty() ? line.size() : detail::find_literal(find, line, fields_[i].delimiter, pos);
    return std::min(find.next('?', query_probe_, pos), group_end);
  }

  // Where field `i`, followed by ':' and a port, ends: at the last ':' before the port's end when
  // only digits follow it (AWS writes IPv6 clients unbracketed: "2001:db8::1:54321"), else at
  // `first_colon`.
  template <class Finder>
  std::size_t port_colon(const Finder& find, std::string_view line, std::size_t i, std::size_t first_colon) const noexcept {
    const detail::literal& after_port = fields_[i + 1].delimiter;
    const std::size_t port_end =
        after_port.text.empty() ? line.size() : detail::find_literal(find, line, after_port, first_colon + 1);
    if (port_end == std::string_view::npos) return first_colon;
    const std::size_t colon = find.last(':', fields_[i].delimiter.probe, first_colon, port_end);
    if (colon + 1 == port_end) return first_colon;
    for (std::size_t p = colon + 1; p < port_end; ++p)
      if (!is_digit(line[p])) return first_colon;
    return colon;
  }

  // Checks and converts the typed fields of a matched line.
  template <class Finder>
  std::optional<failure> decode(const Finder& find, access_record& r) const {
    auto field_of = [&](role k) { return r.fields_[std::size_t(role_index_[std::size_t(k)])]; };
    auto text_of = [&](role k) { return r.view(field_of(k)); };
    auto has = [&](role k) { return role_index_[std::size_t(k)] >= 0; };
    auto column = [&](role k, std::size_t inner = 1) { return field_of(k).offset + inner; };
    auto name = [&](role k) { return "$" + fields_[std::size_t(role_index_[std::size_t(k)])].name; };

    if (has(role::status)) {
      const std::string_view s = text_of(role::status);
      if (s == "-1") {
        r.status_ = 0;  // HAProxy: no response (the client aborted), as squid's 000
      } else if (s.size() != 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || (s[0] == '0' && s != "000")) {
        return fail(errc::bad_number, "bad status " + quote_for_message(s) + ": expected three digits, 100 to 999, 000 or -1",
                    column(role::status));
      } else {
        r.status_ = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');  // 000: no response (squid), status() 0
      }
    }
    for (role k : {role::msec, role::time_iso8601, role::time_local}) {  // the most precise wins
      if (!has(k)) continue;
      const std::string_view s = text_of(k);
      auto t = k == role::time_local ? detail::parse_time_local(s) : k == role::time_iso8601 ? parse_rfc3339(s) : detail::parse_msec(s);
      if (!t)
        return fail(errc::bad_timestamp, "bad " + name(k) + " " + quote_for_message(s) + ": " + t.error().message,
                    column(k, t.error().column ? t.error().column : 1));
      if (!r.has_time_) {
        r.time_ = *t;
        r.has_time_ = true;
      }
    }
    if (has(role::w3c_date) && has(role::w3c_time)) {
      auto t = detail::parse_w3c_time(text_of(role::w3c_date), text_of(role::w3c_time));
      if (!t)
        return fail(errc::bad_timestamp,
                    "bad date and time " + quote_for_message(std::string(text_of(role::w3c_date)) + " " + std::string(text_of(role::w3c_time))) +
                        ": expected yyyy-mm-dd and hh:mm:ss",
                    column(role::w3c_date));
      if (!r.has_time_) {
        r.time_ = *t;
        r.has_time_ = true;
      }
    }
    for (role k : {role::body_bytes, role::bytes_sent}) {
      if (!has(k)) continue;
      const std::string_view s = text_of(k);
      const auto v = detail::parse_byte_count(r.line_, field_of(k).offset, s.size());
      if (!v) return fail(errc::bad_number, "bad " + name(k) + " " + quote_for_message(s) + ": expected a byte count or '-'", column(k));
      if (r.bytes_ < 0) r.bytes_ = *v;
    }
    for (auto [k, scale] : {std::pair{role::request_time_us, 1e-6}, std::pair{role::request_time_ms, 1e-3}, std::pair{role::request_time, 1.0}}) {
      if (!has(k)) continue;
      const std::string_view s = text_of(k);
      if (s == "-" || s == "-1") continue;  // AWS load balancers' -1: no response
      const auto v = parse_double(s);
      if (!v || !std::isfinite(*v) || *v < 0)
        return fail(errc::bad_number, "bad " + name(k) + " " + quote_for_message(s) + ": expected seconds or '-'", column(k));
      if (std::isnan(r.request_time_)) r.request_time_ = *v * scale;
    }
    if (has(role::request)) {
      split_request(find, r, field_of(role::request));
      if (!r.request_ok_ && options_.strict_request)
        return fail(errc::syntax, "request line " + quote_for_message(text_of(role::request)) + " is not METHOD URI PROTOCOL",
                    column(role::request));
    }
    return std::nullopt;
  }

  // "GET /a b?c HTTP/1.1": the method is the first word, the protocol the last if it is HTTP/x,
  // the URI everything between (nginx accepts spaces in it).
  template <class Finder>
  void split_request(const Finder& find, access_record& r, access_record::span field) const {
    const std::size_t begin = field.offset, end = begin + field.size;
    const std::string_view line = r.line_;
    const std::size_t first = find.next(' ', space_probe_, begin);
    if (first == begin || first >= end) return;
    for (std::size_t i = begin; i < first; ++i)
      if (!((line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_' || line[i] == '-')) return;
    const std::size_t last = find.last(' ', space_probe_, first, end);
    const std::string_view proto = line.substr(last + 1, end - last - 1);
    // Byte compares, not string_view's ==: that is a memcmp call per line for five bytes.
    const bool has_protocol = last > first && proto.size() > 5 && proto[0] == 'H' && proto[1] == 'T' && proto[2] == 'T' &&
                              proto[3] == 'P' && proto[4] == '/';
    const std::size_t target_end = has_protocol ? last : end;
    if (target_end == first + 1 || (!has_protocol && last > first)) return;  // no URI, or spaces and no protocol
    auto span = [](std::size_t from, std::size_t to) { return access_record::span{std::uint32_t(from), std::uint32_t(to - from)}; };
    r.method_ = span(begin, first);
    r.target_ = span(first + 1, target_end);
    const std::size_t path_end = std::min(find.next('?', query_probe_, first + 1), target_end);
    r.path_size_ = std::uint32_t(path_end - (first + 1));
    r.path_from_ = std::uint32_t(detail::path_start(line.substr(first + 1, path_end - (first + 1))));
    if (has_protocol) r.protocol_ = span(last + 1, end);
    r.request_ok_ = true;
  }

  std::string text_;
  access_options options_;
  std::string prefix_;
  std::vector<field_spec> fields_;
  std::array<std::int8_t, std::size_t(role::count)> role_index_{};
  std::array<char, detail::byte_map::max_probes> probes_{};
  bool probes_ok_ = true;
  bool w3c_ = false;  // lines starting with '#' are directives
  int space_probe_ = 0, query_probe_ = 0;
};

inline std::size_t access_record::size() const noexcept { return format_->fields_.size(); }

inline std::optional<std::string_view> access_record::get(std::string_view name) const {
  const int i = format_->index_of(name);
  if (i < 0) return std::nullopt;
  return view(fields_[std::size_t(i)]);
}

inline std::string_view access_record::by_role(detail::access_role role) const noexcept {
  const int i = format_->role_index_[std::size_t(role)];
  return i < 0 ? std::string_view() : view(fields_[std::size_t(i)]);
}

inline std::string_view access_record::method() const noexcept {
  return request_ok_ ? view(method_) : by_role(detail::access_role::method);
}

inline std::string_view access_record::path() const noexcept {
  if (request_ok_) return line_.substr(target_.offset + path_from_, path_size_ - path_from_);
  std::string_view uri = by_role(detail::access_role::uri);
  if (uri.empty()) uri = by_role(detail::access_role::request_uri);
  uri = uri.substr(0, uri.find('?'));
  return uri.substr(detail::path_start(uri));
}

inline std::string_view access_record::query() const noexcept {
  std::string_view uri;
  if (request_ok_) {
    return path_size_ < target_.size ? line_.substr(target_.offset + path_size_ + 1, target_.size - path_size_ - 1) : std::string_view();
  } else if (format_->role_index_[std::size_t(detail::access_role::query)] >= 0) {
    const std::string_view q = dash_empty(by_role(detail::access_role::query));
    return q.substr(!q.empty() && q[0] == '?' ? 1 : 0);  // Apache's %q keeps the '?'
  } else {
    uri = by_role(detail::access_role::request_uri);
  }
  const std::size_t mark = uri.find('?');
  return mark == std::string_view::npos ? std::string_view() : uri.substr(mark + 1);
}

inline std::string_view access_record::protocol() const noexcept {
  return request_ok_ ? view(protocol_) : by_role(detail::access_role::protocol);
}

inline double access_record::upstream_time() const noexcept {
  const std::string_view s = by_role(detail::access_role::upstream_time);
  double total = 0;
  bool any = false;
  for (std::size_t i = 0; i <= s.size();) {
    std::size_t j = s.find_first_of(",:", i);
    if (j == std::string_view::npos) j = s.size();
    if (auto v = parse_double(trim(s.substr(i, j - i))); v && std::isfinite(*v)) {
      total += *v;
      any = true;
    }
    i = j + 1;
  }
  return any ? total : std::numeric_limits<double>::quiet_NaN();
}

/// Parses a W3C extended log as its directives say: each "#Fields:" line compiles the format of
/// the lines after it, since IIS writes a new one mid-file when the logged fields change (a
/// configuration change, a restart). Directives fail with errc::comment, records before any
/// "#Fields:" with errc::syntax (feed a known directive first to read a file that lacks one). A
/// "#Fields:" that does not compile fails as a bad line, and so do the records after it, until the
/// next one.
///
///     aiops::logs::w3c_parser iis({.time_taken_ms = true});
///     auto summary = aiops::logs::for_each_record(reader, iis, [&](const aiops::logs::access_record& r) { count(r); });
///
/// A record refers to the parser's current format: it is valid until the next line is parsed.
/// Not thread-safe: the format depends on the lines seen, so one parser reads a log in order.
class w3c_parser {
 public:
  /// What parse_into() fills (see logs::fills_record).
  using record_type = access_record;

  explicit w3c_parser(w3c_options o = {}, access_options options = {}) : w3c_options_(o), options_(options) {}

  result<access_record> operator()(std::string_view line) & { return parse(line); }
  result<access_record> operator()(std::string_view line) && = delete;

  /// Parses one line, or follows a directive. Failures carry the 1-based column and a reason.
  result<access_record> parse(std::string_view line) & {
    access_record r;
    if (auto why = parse_into(line, r)) return std::move(*why);
    return r;
  }
  result<access_record> parse(std::string_view line) && = delete;

  /// parse() into a record the caller reuses from line to line (as access_format::parse_into).
  std::optional<failure> parse_into(std::string_view line, access_record& r) & {
    // IIS repeats an unchanged #Fields: after every restart: compiled again only when it differs.
    if (line.starts_with("#Fields:") && !(format_ && format_->text() == line)) {
      auto next = access_format::w3c(line, w3c_options_, options_);
      if (!next) {
        format_.reset();
        return next.error();
      }
      format_ = std::move(*next);
    }
    if (format_) return format_->parse_into(line, r);  // a directive fails with errc::comment
    if (line.starts_with('#')) return fail(errc::comment, "a W3C directive (#Version:, #Software:, ...), not a record", 1);
    return fail(errc::syntax, "no usable #Fields: directive before this line: its fields are unknown", 1);
  }
  std::optional<failure> parse_into(std::string_view line, access_record& r) && = delete;

  /// The format of the last "#Fields:" directive; nullptr before one (or after one that did not compile).
  const access_format* format() const noexcept { return format_ ? &*format_ : nullptr; }

 private:
  w3c_options w3c_options_;
  access_options options_;
  std::optional<access_format> format_;
};

}  // namespace logs
AIOPS_END_NAMESPACE
