// aiops: reading the answers of Elasticsearch/OpenSearch: one depth-checked parse, and typed field
// readers that name the field when the server sent something else
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::is_same_v

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/result.hpp"
#include "aiops/es/detail/server_error.hpp"
#include "aiops/es/error.hpp"
#include "aiops/http/client.hpp"
#include "aiops/http/message.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es::detail {

// `path.key`, or `key` at the root.
inline std::string join(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  return out.append(key);
}

// "string \"x\"" for a message: the kind JSON gives the value, and the value cut short. Invalid
// UTF-8 in a string is replaced rather than thrown on (dump() would throw).
inline std::string describe_value(const nlohmann::json& v) {
  return std::string(v.type_name()) + " " +
         http::detail::excerpt(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 60);
}

// `v` itself, when it is an object.
inline const nlohmann::json& as_object(const nlohmann::json& v, std::string_view path) {
  if (!v.is_object()) {
    throw answer_error(path.empty() ? std::string("(the answer)") : std::string(path),
                       "is " + describe_value(v) + ", expected an object");
  }
  return v;
}

// `v` as a T (std::string, bool, an integer type, double).
template <class T>
T as(const nlohmann::json& v, std::string_view path) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) return v.get<std::string>();
    throw answer_error(std::string(path), "is " + describe_value(v) + ", expected a string");
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.is_boolean()) return v.get<bool>();
    throw answer_error(std::string(path), "is " + describe_value(v) + ", expected true or false");
  } else if constexpr (std::is_same_v<T, double>) {
    if (v.is_number()) return v.get<double>();
    throw answer_error(std::string(path), "is " + describe_value(v) + ", expected a number");
  } else {
    // Integers only: converting a float such as 1e300 to an integer is undefined behaviour.
    if (v.is_number_integer()) return v.get<T>();
    throw answer_error(std::string(path), "is " + describe_value(v) + ", expected an integer");
  }
}

// The member `key` of the object `parent` (found at `path`), or nullptr when it is missing or null.
inline const nlohmann::json* member(const nlohmann::json& parent, std::string_view key, std::string_view path) {
  const auto& object = as_object(parent, path);
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// The member `key` of `parent` as a T; `fallback` when it is missing or null.
template <class T>
T field(const nlohmann::json& parent, std::string_view key, T fallback, std::string_view path = {}) {
  const nlohmann::json* v = member(parent, key, path);
  return v == nullptr ? fallback : as<T>(*v, join(path, key));
}

// The member `key` of `parent` as a T, which the API always sends.
template <class T>
T required_field(const nlohmann::json& parent, std::string_view key, std::string_view path = {}) {
  const nlohmann::json* v = member(parent, key, path);
  if (v == nullptr) throw answer_error(join(path, key), "is missing");
  return as<T>(*v, join(path, key));
}

// The member `key` of `parent` when it is an array; nullptr when missing or null.
inline const nlohmann::json* array_field(const nlohmann::json& parent, std::string_view key, std::string_view path = {}) {
  const nlohmann::json* v = member(parent, key, path);
  if (v != nullptr && !v->is_array()) throw answer_error(join(path, key), "is " + describe_value(*v) + ", expected an array");
  return v;
}

// The member `key` of `parent` when it is an object; nullptr when missing or null.
inline const nlohmann::json* object_field(const nlohmann::json& parent, std::string_view key, std::string_view path = {}) {
  const nlohmann::json* v = member(parent, key, path);
  return v == nullptr ? nullptr : &as_object(*v, join(path, key));
}

// The JSON of an answer, through the HTTP module's parse, which refuses nesting deeper than
// http::max_json_depth (printing such a value in a message would overflow the stack).
// @throws server_error for a status other than 2xx; http::http_error (errc::syntax) when the body
// is not JSON or nests too deep. An empty 2xx body reads as `{}`.
inline nlohmann::json parse_answer(const http::response& answer) {
  if (!answer.ok()) throw make_server_error(answer);
  if (answer.body.empty()) return nlohmann::json::object();
  return http::client::parse_json(answer);
}

// `read(json)` on the parsed answer; a field of the wrong shape becomes an http::http_error
// (errc::syntax) naming the call, the server and the field.
template <class Read>
auto read_answer(const http::response& answer, Read&& read) -> decltype(read(nlohmann::json())) {
  const nlohmann::json j = parse_answer(answer);
  try {
    return read(j);
  } catch (const answer_error& e) {
    throw http::http_error(errc::syntax, answer.method, answer.url, answer.status, answer.attempts,
                           std::string("unexpected answer: ") + e.what(), answer.body);
  }
}

}  // namespace es::detail
AIOPS_END_NAMESPACE
