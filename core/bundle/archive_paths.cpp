// Entry path rules of a bundle archive: check_entry_path() and the
// duplicate / file-versus-directory check every reader and writer applies.
#include "bundle/archive_paths.hpp"
#include "bundle/archive.hpp"

#include <cstdio>

namespace flu::bundle {

namespace detail {

std::string printable(std::string_view path) {
  if (path.empty())
    return "\"\"";
  constexpr std::size_t shown_bytes = 200;
  std::string out;
  for (std::size_t i = 0; i < path.size() && i < shown_bytes; ++i) {
    const auto byte = static_cast<unsigned char>(path[i]);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += static_cast<char>(byte);
    }
  }
  if (path.size() > shown_bytes)
    out += "...";
  return out;
}

void PathSet::add_file(const std::string &path) {
  if (files_.count(path))
    throw ArchiveError(printable(path) + ": duplicate path");
  if (directories_.count(path))
    throw ArchiveError(printable(path) + ": both a file and a directory");
  add_parents(path);
  files_.insert(path);
}

void PathSet::add_directory(const std::string &path) {
  if (files_.count(path))
    throw ArchiveError(printable(path) + ": both a file and a directory");
  add_parents(path);
  directories_.insert(path);
}

void PathSet::add_parents(const std::string &path) {
  for (auto slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    std::string parent = path.substr(0, slash);
    if (files_.count(parent))
      throw ArchiveError(printable(path) + ": its directory " + printable(parent) +
                         " is a file");
    directories_.insert(std::move(parent));
  }
}

} // namespace detail

void check_entry_path(const std::string &path, const ArchiveLimits &limits) {
  auto refuse = [&](const std::string &reason) {
    throw ArchiveError(detail::printable(path) + ": " + reason);
  };
  // Length first, so that a megabyte of path is not scanned further.
  if (path.size() > limits.max_path_bytes)
    refuse("path longer than " + std::to_string(limits.max_path_bytes) + " bytes");
  if (path.empty())
    refuse("empty path");
  if (path.find('\0') != std::string::npos)
    refuse("path contains a NUL byte");
  // A backslash is a separator to Windows tools and to some unpackers.
  if (path.find('\\') != std::string::npos)
    refuse("path contains a backslash");
  if (path.front() == '/')
    refuse("absolute path");
  std::size_t begin = 0;
  while (true) {
    const auto end = path.find('/', begin);
    const auto component = std::string_view(path).substr(
        begin, end == std::string::npos ? std::string::npos : end - begin);
    if (component.empty())
      refuse("empty path component");
    if (component == ".")
      refuse("'.' path component");
    if (component == "..")
      refuse("'..' path component");
    if (end == std::string::npos)
      break;
    begin = end + 1;
  }
}

} // namespace flu::bundle
