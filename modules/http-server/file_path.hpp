// From a request path to a file under the served directory, refusing what
// would leave it: percent-decoding, no ".." segment, no NUL, and (after
// symlinks are resolved) nothing outside the directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace flu::http_server {

// "/a%20b/c" → "/a b/c"; nullopt for a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view path);

struct Resolved {
  enum class Status { ok, not_found, forbidden, bad } status = Status::bad;
  std::filesystem::path file; // with ok: absolute, symlinks resolved
};

// Whether `relative` (still percent-encoded) may go to an origin server as
// it is: bad for a malformed escape, a NUL or a byte a request line cannot
// carry; forbidden for a ".." segment; ok otherwise.
Resolved::Status check_forwardable(std::string_view relative);

// `relative`: the request path below the mount point ("" or "a/b.ogg"),
// still percent-encoded. `root`: the served directory, already canonical.
Resolved resolve(const std::filesystem::path &root, std::string_view relative);

} // namespace flu::http_server
