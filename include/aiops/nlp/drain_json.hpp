// aiops: Drain's state as JSON (options, clusters, prefix tree), so that a restarted miner goes on with the same cluster ids
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint32_t
#include <exception>    // std::exception
#include <stdexcept>    // std::runtime_error
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/nlp/drain.hpp"

AIOPS_BEGIN_NAMESPACE
namespace nlp {

namespace detail {

// JSON strings must be UTF-8 and log tokens are bytes: '%' and every byte that is not part of
// valid UTF-8 are written as %XX, so any token survives the round trip and readable text stays
// readable ("100%" is saved as "100%25").
inline std::string escape_bytes(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size() && c != '%' && !(c >= 0xC0 && c <= 0xC1) && c <= 0xF4;
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (valid && len == 3) {  // no overlong forms, no surrogates
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (valid && len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (valid) {
      out.append(s, i, len);
      i += len;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
      ++i;
    }
  }
  return out;
}

inline bool unescape_bytes(std::string_view s, std::string& out) {
  out.clear();
  const auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const int hi = digit(s[i + 1]), lo = digit(s[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return true;
}

// Reads and writes the private parts of a drain.
struct drain_access {
  static nlohmann::json node_json(const drain& d, std::uint32_t at) {
    nlohmann::json j = nlohmann::json::object();
    const drain::node& n = d.nodes_[at];
    if (!n.children.empty()) {
      nlohmann::json children = nlohmann::json::object();  // std::map inside: keys come out sorted
      for (const auto& [key, child] : n.children) children[escape_bytes(key)] = node_json(d, child);
      j["children"] = std::move(children);
    }
    if (!n.clusters.empty()) j["clusters"] = n.clusters;
    return j;
  }

  static std::string save(const drain& d) {
    const drain_options& o = d.options();
    nlohmann::json j;
    j["format"] = "aiops-drain";
    j["version"] = 1;
    j["options"] = {{"depth", o.depth},
                    {"similarity", o.similarity},
                    {"max_children", o.max_children},
                    {"parametrize_numeric_tokens", o.parametrize_numeric_tokens},
                    {"extra_delimiters", escape_bytes(o.extra_delimiters)},
                    {"freeze_after", o.freeze_after},
                    {"join_identical", o.join_identical}};
    nlohmann::json clusters = nlohmann::json::array();
    for (const drain_cluster& c : d.clusters()) {
      nlohmann::json tokens = nlohmann::json::array();
      for (const std::string& t : c.tokens) tokens.push_back(escape_bytes(t));
      clusters.push_back({{"id", c.id}, {"size", c.size}, {"template", std::move(tokens)}});
    }
    j["clusters"] = std::move(clusters);
    j["tree"] = node_json(d, 0);
    return j.dump(1);
  }

  // Rebuilds node `at` from `j`; depth counts from the root (0) and `length` is the token count
  // of the subtree (the key under the root); `placed` marks the clusters already in a leaf.
  // Throws std::runtime_error on an inconsistent tree.
  static void load_node(drain& d, std::uint32_t at, const nlohmann::json& j, std::size_t depth, std::size_t length,
                        std::vector<bool>& placed) {
    if (!j.is_object()) throw std::runtime_error("a tree node is not an object");
    if (depth > d.options().depth) throw std::runtime_error("the tree is deeper than the depth option");
    if (const auto it = j.find("clusters"); it != j.end()) {
      if (depth == 0) throw std::runtime_error("the root holds no clusters");
      for (const auto& id : it->get<std::vector<std::size_t>>()) {
        if (id == 0 || id > d.clusters_.size())
          throw std::runtime_error("the tree names cluster " + std::to_string(id) + ", which does not exist");
        if (d.clusters_[id - 1].tokens.size() != length)
          throw std::runtime_error("cluster " + std::to_string(id) + " is under token count " + std::to_string(length));
        if (placed[id - 1]) throw std::runtime_error("cluster " + std::to_string(id) + " is in the tree twice");
        placed[id - 1] = true;
        d.place_in(at, static_cast<std::uint32_t>(id));
      }
    }
    if (const auto it = j.find("children"); it != j.end()) {
      if (!it->is_object()) throw std::runtime_error("children is not an object");
      std::string key;
      for (const auto& [escaped, child] : it->items()) {
        if (!unescape_bytes(escaped, key)) throw std::runtime_error("bad %XX escape in token '" + escaped + "'");
        std::size_t child_length = length;
        if (depth == 0) {  // the root's children are keyed by token count
          const auto parsed = parse_int(key);
          if (!parsed || *parsed < 0 || std::to_string(*parsed) != key) throw std::runtime_error("token count '" + key + "' is not a number");
          child_length = static_cast<std::size_t>(*parsed);
        }
        const auto fresh = static_cast<std::uint32_t>(d.nodes_.size());
        d.nodes_.emplace_back();
        d.nodes_[at].children.emplace(key, fresh);
        if (depth == 0) {
          if (child_length >= d.by_length_.size()) d.by_length_.resize(child_length + 1, 0);
          d.by_length_[child_length] = fresh;
        }
        load_node(d, fresh, child, depth + 1, child_length, placed);
      }
    }
  }

  static result<drain> load(std::string_view text) {
    try {
      const nlohmann::json j = nlohmann::json::parse(text);
      if (j.value("format", "") != "aiops-drain" || j.value("version", 0) != 1)
        return fail(errc::syntax, "not an aiops-drain version 1 state");
      const nlohmann::json& o = j.at("options");
      drain_options options;
      options.depth = o.at("depth").get<std::size_t>();
      options.similarity = o.at("similarity").get<double>();
      options.max_children = o.at("max_children").get<std::size_t>();
      options.parametrize_numeric_tokens = o.at("parametrize_numeric_tokens").get<bool>();
      if (!unescape_bytes(o.at("extra_delimiters").get<std::string>(), options.extra_delimiters))
        return fail(errc::syntax, "bad %XX escape in extra_delimiters");
      options.freeze_after = o.value("freeze_after", std::size_t{0});
      options.join_identical = o.value("join_identical", false);
      drain d(std::move(options));  // throws std::invalid_argument on bad options
      std::string token;
      for (const auto& c : j.at("clusters")) {
        drain_cluster cluster;
        cluster.id = c.at("id").get<std::size_t>();
        cluster.size = c.at("size").get<std::size_t>();
        if (cluster.id != d.clusters_.size() + 1) return fail(errc::syntax, "cluster ids must be 1, 2, 3... in order");
        for (const auto& t : c.at("template")) {
          if (!unescape_bytes(t.get<std::string>(), token)) return fail(errc::syntax, "bad %XX escape in a template");
          cluster.tokens.push_back(token);
        }
        d.clusters_.push_back(std::move(cluster));
      }
      std::vector<bool> placed(d.clusters_.size(), false);
      load_node(d, 0, j.at("tree"), 0, 0, placed);
      return d;
    } catch (const std::exception& e) {  // nlohmann::json::exception, std::invalid_argument, std::runtime_error
      return fail(errc::syntax, std::string("bad Drain state: ") + e.what());
    }
  }
};

}  // namespace detail

/// Drain's whole state as JSON text: options, clusters (id, size, template) and the prefix tree.
/// Tokens that are not valid UTF-8, and '%', are written as %XX.
///
///     std::ofstream("drain.json") << aiops::nlp::save_drain(miner);
inline std::string save_drain(const drain& d) { return detail::drain_access::save(d); }

/// A miner from save_drain()'s text: it continues exactly where the saved one stopped, with the
/// same cluster ids and the same tree. Fails on anything that is not such a state.
inline result<drain> load_drain(std::string_view json_text) { return detail::drain_access::load(json_text); }

}  // namespace nlp
AIOPS_END_NAMESPACE
