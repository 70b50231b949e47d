// A request path below the mount point: never a crash; decoding never
// yields a NUL; whatever resolves lies inside the served directory; and
// what may go to an origin server as it is has no byte a request line
// cannot carry and no ".." segment.
#include "../fuzz_target.hpp"

#include "file_path.hpp"

#include <algorithm>
#include <filesystem>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto path = flu::fuzz::bytes(data, size);
  if (const auto decoded = flu::http_server::percent_decode(path))
    FUZZ_CHECK(decoded->find('\0') == std::string::npos);
  static const std::filesystem::path root = std::filesystem::canonical("/usr/share");
  const auto r = flu::http_server::resolve(root, path);
  if (r.status == flu::http_server::Resolved::Status::ok) {
    const auto [a, b] =
        std::mismatch(root.begin(), root.end(), r.file.begin(), r.file.end());
    FUZZ_CHECK(a == root.end());
  }
  if (flu::http_server::check_forwardable(path) ==
      flu::http_server::Resolved::Status::ok) {
    FUZZ_CHECK(std::none_of(path.begin(), path.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 ||
             static_cast<unsigned char>(c) >= 0x7f;
    }));
    const auto decoded = flu::http_server::percent_decode(path);
    FUZZ_CHECK(decoded && ("/" + *decoded + "/").find("/../") == std::string::npos);
  }
  return 0;
}
