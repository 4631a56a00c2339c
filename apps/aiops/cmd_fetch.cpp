// aiops: `aiops fetch URL`: call an HTTP API and pretty-print its JSON answer (week 2's API caller)
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::min
#include <chrono>     // durations
#include <cstdio>     // std::fwrite, std::fputc, stdout
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/http.hpp>

#include "command.hpp"

namespace cmd_fetch {

struct fetch_args {
  std::string url;
  std::vector<std::string> headers;
  std::string bearer;
  std::string user;
  double timeout = 30;
  int retries = 2;
  bool raw = false;
};

// "Name: value" split at the first ':', both sides trimmed.
std::pair<std::string, std::string> split_header(const std::string& text) {
  const std::size_t colon = text.find(':');
  return {std::string(aiops::trim(std::string_view(text).substr(0, colon))),
          std::string(aiops::trim(std::string_view(text).substr(colon + 1)))};
}

void fetch(const fetch_args& args) {
  const aiops::http::url target = aiops::http::parse_url(args.url).value();  // checked by the validator

  aiops::http::client_options options;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(args.timeout));
  options.deadline = timeout;
  options.read_timeout = timeout;
  options.write_timeout = timeout;
  options.connect_timeout = std::min(timeout, options.connect_timeout);
  options.retry.max_attempts = args.retries + 1;
  options.bearer_token = args.bearer;
  if (!args.user.empty()) {
    const std::size_t colon = args.user.find(':');
    options.user = args.user.substr(0, colon);
    options.password = colon == std::string::npos ? "" : args.user.substr(colon + 1);
  } else {
    options.user = target.user;
    options.password = target.password;
  }

  aiops::http::request request;
  request.path = target.target();
  for (const auto& header : args.headers) request.headers.insert(split_header(header));

  aiops::http::client client(target.origin(), options);
  const aiops::http::response answer = aiops::http::client::ensure_ok(client.send(request));

  if (!args.raw) {
    const auto json = nlohmann::json::parse(answer.body, nullptr, false);
    if (!json.is_discarded()) {
      const std::string pretty = json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
      std::fwrite(pretty.data(), 1, pretty.size(), stdout);
      std::fputc('\n', stdout);
      return;
    }
  }
  std::fwrite(answer.body.data(), 1, answer.body.size(), stdout);
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<fetch_args>();
  sub.add_option("url", args->url, "http:// or https:// URL to GET (user:password@ gives basic auth)")
      ->required()
      ->check(CLI::Validator(
          [](std::string& text) {
            const auto parsed = aiops::http::parse_url(text);
            return parsed ? std::string() : parsed.error().message;
          },
          "URL"));
  sub.add_option("--header,-H", args->headers, "extra request header 'Name: value' (repeatable)")
      ->check(CLI::Validator(
          [](std::string& text) {
            const std::size_t colon = text.find(':');
            return colon == std::string::npos || aiops::trim(std::string_view(text).substr(0, colon)).empty()
                       ? std::string("a header is 'Name: value'")
                       : std::string();
          },
          "K:V"));
  sub.add_option("--bearer", args->bearer, "send 'Authorization: Bearer TOKEN'");
  sub.add_option("--user,-u", args->user, "basic auth as USER:PASSWORD");
  sub.add_option("--timeout", args->timeout, "seconds for the whole call, retries included")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub.add_option("--retries", args->retries, "retries after a connection failure, 429 or 5xx")
      ->capture_default_str()
      ->check(CLI::Range(0, 20));
  sub.add_flag("--raw", args->raw, "print the body as received, even when it is JSON");
  sub.footer(
      "Prints the answer's JSON indented, any other body as it is. A non-2xx answer exits with 1 and\n"
      "the server's message, e.g.\n"
      "  aiops fetch 'http://127.0.0.1:19090/api/v1/query?query=up'");
  sub.callback([args] { fetch(*args); });
}

const aiops::app::register_command reg{{"fetch", "GET an HTTP API and pretty-print its JSON answer", setup}};

}  // namespace cmd_fetch
