// aiops: the options every Elasticsearch/OpenSearch sub-command takes to reach the server
// (--es, --user, --api-key, --ca-file, --insecure), declared and turned into client options once
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <CLI/CLI.hpp>

#include <aiops/es.hpp>

namespace aiops::app {

/// Where the server is and how to authenticate.
struct es_connection {
  std::string url;
  std::string user;  ///< USER:PASSWORD
  std::string api_key;
  std::string ca_file;
  bool insecure = false;

  /// Adds --es (required), --user, --api-key, --ca-file and --insecure to `sub`.
  void add_options(CLI::App& sub) {
    sub.add_option("--es", url, "Elasticsearch/OpenSearch URL, e.g. http://127.0.0.1:19200")->required();
    sub.add_option("--user,-u", user, "basic auth as USER:PASSWORD");
    sub.add_option("--api-key", api_key, "Elasticsearch API key (id:key or its base64 form)");
    sub.add_option("--ca-file", ca_file, "PEM file of the CAs that signed the server's certificate");
    sub.add_flag("--insecure", insecure, "do not verify the server's TLS certificate");
  }

  /// Client options with the TLS and authentication settings filled in; timeouts stay the caller's.
  es::client_options client_options() const {
    es::client_options options;
    options.http.ca_cert_file = ca_file;
    options.http.verify_tls = !insecure;
    options.api_key = api_key;
    if (!user.empty()) {
      const std::size_t colon = user.find(':');
      options.http.user = user.substr(0, colon);
      options.http.password = colon == std::string::npos ? "" : user.substr(colon + 1);
    }
    return options;
  }
};

}  // namespace aiops::app
