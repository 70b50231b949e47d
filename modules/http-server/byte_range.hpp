// A Range header (RFC 9110 §14) against a file of a known size. One range
// is served as 206; several ranges are answered with the whole file (200),
// which the RFC allows; what is not a byte range is ignored (200), and a
// range that starts past the end is unsatisfiable (416).
#pragma once

#include <cstdint>
#include <string_view>

namespace flu::http_server {

struct ByteRange {
  enum class Kind { whole, partial, unsatisfiable } kind = Kind::whole;
  uint64_t first = 0; // with partial: the bytes [first, last]
  uint64_t last = 0;
};

ByteRange parse_range(std::string_view header, uint64_t size);

} // namespace flu::http_server
