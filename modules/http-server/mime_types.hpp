// Content types by file extension: the system's /etc/mime.types (Debian's
// media-types) when it is there, a built-in table of media types first.
#pragma once

#include <filesystem>
#include <string>

namespace flu::http_server {

std::string mime_type(const std::filesystem::path &file);

} // namespace flu::http_server
