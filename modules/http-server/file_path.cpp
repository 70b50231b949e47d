// See file_path.hpp.
#include "file_path.hpp"

#include <algorithm>

namespace flu::http_server {

namespace fs = std::filesystem;

namespace {
int hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}
} // namespace

std::optional<std::string> percent_decode(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '%') {
      if (i + 2 >= path.size())
        return std::nullopt;
      const int h = hex(path[i + 1]), l = hex(path[i + 2]);
      if (h < 0 || l < 0)
        return std::nullopt;
      c = static_cast<char>(h * 16 + l);
      i += 2;
    }
    if (c == '\0')
      return std::nullopt;
    out += c;
  }
  return out;
}

Resolved::Status check_forwardable(std::string_view relative) {
  for (const unsigned char c : relative)
    if (c <= 0x20 || c >= 0x7f)
      return Resolved::Status::bad;
  const auto decoded = percent_decode(relative);
  if (!decoded)
    return Resolved::Status::bad;
  size_t start = 0;
  while (start <= decoded->size()) {
    const size_t end = std::min(decoded->find('/', start), decoded->size());
    if (std::string_view(decoded->data() + start, end - start) == "..")
      return Resolved::Status::forbidden;
    start = end + 1;
  }
  return Resolved::Status::ok;
}

Resolved resolve(const fs::path &root, std::string_view relative) {
  const auto decoded = percent_decode(relative);
  if (!decoded)
    return {Resolved::Status::bad, {}};
  // Segment by segment: "..", and "." tricks, are refused before the
  // file system sees them.
  fs::path candidate = root;
  size_t start = 0;
  const std::string &text = *decoded;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('/', start), text.size());
    const std::string_view segment(text.data() + start, end - start);
    if (segment == "..")
      return {Resolved::Status::forbidden, {}};
    if (!segment.empty() && segment != ".")
      candidate /= std::string(segment);
    start = end + 1;
  }
  std::error_code ec;
  const fs::path real = fs::canonical(candidate, ec);
  if (ec)
    return {Resolved::Status::not_found, {}};
  // A symlink that points out of the directory, however it got there.
  const auto [r, c] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  if (r != root.end())
    return {Resolved::Status::forbidden, {}};
  return {Resolved::Status::ok, real};
}

} // namespace flu::http_server
