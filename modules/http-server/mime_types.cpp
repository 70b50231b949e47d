// See mime_types.hpp.
#include "mime_types.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace flu::http_server {

namespace {

using Table = std::unordered_map<std::string, std::string>;

Table load() {
  Table table;
  // mime.types: "type ext ext..." per line, '#' comments.
  std::ifstream in("/etc/mime.types");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream words(line);
    std::string type, ext;
    words >> type;
    while (words >> ext)
      table.emplace(ext, type);
  }
  // What a streaming server serves most, whatever the system says.
  const std::pair<const char *, const char *> media[] = {
      {"webm", "video/webm"},
      {"ogg", "application/ogg"},
      {"ogv", "video/ogg"},
      {"oga", "audio/ogg"},
      {"opus", "audio/ogg"},
      {"mp4", "video/mp4"},
      {"m4a", "audio/mp4"},
      {"mp3", "audio/mpeg"},
      {"flv", "video/x-flv"},
      {"ts", "video/mp2t"},
      {"m3u8", "application/vnd.apple.mpegurl"},
      {"html", "text/html; charset=utf-8"},
      {"txt", "text/plain; charset=utf-8"},
  };
  for (const auto &[ext, type] : media)
    table[ext] = type;
  return table;
}

} // namespace

std::string mime_type(const std::filesystem::path &file) {
  static const Table table = load();
  std::string ext = file.extension().string();
  if (!ext.empty())
    ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto it = table.find(ext);
  return it == table.end() ? "application/octet-stream" : it->second;
}

} // namespace flu::http_server
