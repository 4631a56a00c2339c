// aiops: what the OTLP fuzz targets check on any input, for either encoding: failures inside the
// input, a re-encoding fixed point, and the same message through JSON
// SPDX-License-Identifier: MIT
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include <aiops/otel/json.hpp>
#include <aiops/otel/protobuf.hpp>

#include "fuzz_support.hpp"

namespace aiops::fuzz {

struct otlp_json {
  template <class T>
  static auto decode(std::string_view s) { return otel::decode_json<T>(s); }
  template <class T>
  static std::string encode(const T& message) { return otel::encode_json(message); }
};

struct otlp_protobuf {
  template <class T>
  static auto decode(std::string_view s) { return otel::decode_protobuf<T>(s); }
  template <class T>
  static std::string encode(const T& message) { return otel::encode_protobuf(message); }
};

/// Decodes `input` as a T with `Codec`; what decodes must encode to a fixed point:
/// encode(decode(encode(x))) == encode(x), and JSON must carry the same message.
template <class Codec, class T>
void round_trip_otlp(std::string_view input) {
  auto first = Codec::template decode<T>(input);
  if (!first) {
    check(first.error().column >= 1 && first.error().column <= input.size() + 1, "failure offset outside the input");
    return;
  }
  const std::string once = Codec::encode(*first);
  auto second = Codec::template decode<T>(once);
  check(static_cast<bool>(second), "our own encoding does not decode");
  check(Codec::encode(*second) == once, "encoding is not a fixed point");
  // Compared as JSON: it has one NaN where protobuf has many.
  const std::string json = otel::encode_json(*second);
  const auto other = otel::decode_json<T>(json);
  check(other && otel::encode_json(*other) == json, "the JSON form of a decoded message does not round-trip");
}

/// Every OTLP message type read from `input` with `Codec`.
template <class Codec>
void exercise_otlp(std::string_view input) {
  round_trip_otlp<Codec, otel::traces_data>(input);
  round_trip_otlp<Codec, otel::metrics_data>(input);
  round_trip_otlp<Codec, otel::logs_data>(input);
  (void)Codec::template decode<otel::export_response>(input);
}

}  // namespace aiops::fuzz
