// aiops: fuzz target: the OTLP protobuf decoder for every message; what decodes must re-encode to a fixed point
// SPDX-License-Identifier: MIT
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint8_t
#include <string>   // std::string

#include <aiops/otel/json.hpp>
#include <aiops/otel/protobuf.hpp>

#include "fuzz_support.hpp"

namespace {

namespace otel = aiops::otel;

template <class T>
void round_trip_protobuf(std::string_view input) {
  using aiops::fuzz::check;
  auto first = otel::decode_protobuf<T>(input);
  if (!first) {
    check(first.error().column >= 1 && first.error().column <= input.size() + 1, "failure offset outside the input");
    return;
  }
  // Decoding what we encode gives the same message: encode(decode(encode(x))) == encode(x).
  const std::string once = otel::encode_protobuf(*first);
  auto second = otel::decode_protobuf<T>(once);
  check(static_cast<bool>(second), "our own encoding does not decode");
  check(otel::encode_protobuf(*second) == once, "encoding is not a fixed point");
  // JSON carries the same message (compared as JSON: it has one NaN where protobuf has many).
  const std::string json = otel::encode_json(*second);
  const auto other = otel::decode_json<T>(json);
  check(other && otel::encode_json(*other) == json, "the JSON form of a decoded message does not round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = aiops::fuzz::text(data, size);
  round_trip_protobuf<otel::traces_data>(input);
  round_trip_protobuf<otel::metrics_data>(input);
  round_trip_protobuf<otel::logs_data>(input);
  (void)otel::decode_protobuf<otel::export_response>(input);
  return 0;
}
