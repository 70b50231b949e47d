// disk-consumer: see file_name.hpp.
#include "file_name.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <unistd.h>

namespace flu::disk_consumer {

std::string extension_for(const std::string &media_type) {
  static const std::array<std::pair<const char *, const char *>, 12> known = {{
      {"application/ogg", "ogg"},
      {"audio/ogg", "ogg"},
      {"video/ogg", "ogg"},
      {"audio/mpeg", "mp3"},
      {"audio/x-flac", "flac"},
      {"audio/x-wav", "wav"},
      {"multipart/x-mixed-replace", "multipart"},
      {"video/mpegts", "ts"},
      {"video/x-flv", "flv"},
      {"video/x-matroska", "mkv"},
      {"video/webm", "webm"},
      {"audio/webm", "webm"},
  }};
  for (const auto &[type, ext] : known)
    if (media_type == type)
      return ext;
  return "data";
}

std::string expand_template(const std::string &name_template, std::time_t when) {
  std::tm local{};
  localtime_r(&when, &local);
  std::string out(name_template.size() * 4 + 64, '\0');
  const size_t n = std::strftime(out.data(), out.size(), name_template.c_str(), &local);
  out.resize(n);
  if (out.empty())
    throw std::runtime_error("the file name template '" + name_template +
                             "' gives an empty name");
  if (out.find('/') != std::string::npos || out == "." || out == "..")
    throw std::runtime_error("the file name template '" + name_template + "' gives '" +
                             out + "', which is not a file name");
  return out;
}

std::filesystem::path unique_path(const std::filesystem::path &directory,
                                  const std::string &name, const std::string &ext) {
  std::filesystem::path path = directory / (name + "." + ext);
  std::error_code ec;
  for (int i = 1; std::filesystem::symlink_status(path, ec).type() !=
                  std::filesystem::file_type::not_found;
       ++i) {
    if (ec && ec != std::errc::no_such_file_or_directory)
      break; // the open that follows reports why the directory is unusable
    path = directory / (name + "-" + std::to_string(i) + "." + ext);
  }
  return path;
}

std::string point_symlink(const std::filesystem::path &link,
                          const std::filesystem::path &target) {
  const std::string temporary = link.string() + ".new";
  ::unlink(temporary.c_str());
  if (::symlink(target.c_str(), temporary.c_str()) != 0 ||
      ::rename(temporary.c_str(), link.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temporary.c_str());
    return why;
  }
  return {};
}

} // namespace flu::disk_consumer
