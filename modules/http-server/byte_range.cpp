// See byte_range.hpp.
#include "byte_range.hpp"

#include <charconv>
#include <optional>

namespace flu::http_server {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Digits only (no sign, no space): from_chars alone takes neither, but an
// empty or overlong number must not pass either.
std::optional<uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19)
    return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return value;
}

} // namespace

ByteRange parse_range(std::string_view header, uint64_t size) {
  ByteRange whole;
  header = trim(header);
  constexpr std::string_view unit = "bytes=";
  if (header.size() < unit.size())
    return whole;
  for (size_t i = 0; i < unit.size(); ++i)
    if ((header[i] | 0x20) != unit[i] && header[i] != unit[i])
      return whole;
  const std::string_view spec = trim(header.substr(unit.size()));
  if (spec.find(',') != std::string_view::npos)
    return whole; // several ranges: the whole file
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos)
    return whole;
  const std::string_view a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
  ByteRange r;
  r.kind = ByteRange::Kind::partial;
  if (a.empty()) {
    // Suffix: the last N bytes.
    const auto n = number(b);
    if (!n)
      return whole;
    if (*n == 0 || size == 0)
      return {ByteRange::Kind::unsatisfiable};
    r.first = *n >= size ? 0 : size - *n;
    r.last = size - 1;
    return r;
  }
  const auto first = number(a);
  if (!first)
    return whole;
  std::optional<uint64_t> last;
  if (!b.empty()) {
    last = number(b);
    if (!last || *last < *first)
      return whole; // invalid: ignored, as the RFC says
  }
  if (*first >= size)
    return {ByteRange::Kind::unsatisfiable};
  r.first = *first;
  r.last = last && *last < size ? *last : size - 1;
  return r;
}

} // namespace flu::http_server
