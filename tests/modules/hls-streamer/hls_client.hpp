// What an HLS viewer sees, for the hls-streamer's module and e2e tests:
// playlists fetched with curl and read line by line, segments saved to
// files for ffprobe.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace flu::hls::test {

// Standard output of a short shell command (curl, ffprobe).
inline std::string shell(const std::string &command) {
  FILE *pipe = popen(("timeout 30 " + command + " 2>/dev/null").c_str(), "r");
  if (!pipe)
    return {};
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  pclose(pipe);
  return out;
}

inline std::string fetch(const std::string &url) {
  return shell("curl -s --max-time 10 '" + url + "'");
}
inline std::string status(const std::string &url, const std::string &args = "") {
  return shell("curl -s -o /dev/null -w '%{http_code}' --max-time 10 " + args + " '" +
               url + "'");
}
// The response's head (status line and header fields).
inline std::string head(const std::string &url) {
  return shell("curl -s -D - -o /dev/null --max-time 10 '" + url + "'");
}

struct Playlist {
  std::vector<std::string> tags; // lines starting with '#'
  std::vector<std::string> uris; // the others, in order
  // The value after "NAME:" of the first tag NAME, or "".
  std::string tag(const std::string &name) const {
    for (const auto &t : tags)
      if (t.rfind(name + ":", 0) == 0)
        return t.substr(name.size() + 1);
    return {};
  }
  long long media_sequence() const {
    const std::string v = tag("#EXT-X-MEDIA-SEQUENCE");
    return v.empty() ? -1 : std::atoll(v.c_str());
  }
};

inline Playlist parse_playlist(const std::string &text) {
  Playlist p;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.empty())
      continue;
    (line.front() == '#' ? p.tags : p.uris).push_back(line);
  }
  return p;
}

// The directory part of a URL ("http://h/a/b.m3u8" -> "http://h/a/").
inline std::string base_of(const std::string &url) {
  return url.substr(0, url.rfind('/') + 1);
}

// `ffprobe` on a URL or file: the codec names of its streams, each once,
// comma-separated, in stream order ("h264,aac"). ffprobe lists a stream
// again under each program (and a master playlist's under each variant).
inline std::string codecs(const std::string &where) {
  std::istringstream lines(shell("ffprobe -v error -show_entries stream=codec_name -of "
                                 "csv=p=0 '" +
                                 where + "'"));
  std::vector<std::string> seen;
  std::string out;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || std::find(seen.begin(), seen.end(), line) != seen.end())
      continue;
    seen.push_back(line);
    out += (out.empty() ? "" : ",") + line;
  }
  return out;
}

// Saves every segment of a media playlist into `dir` as TAG-URI, all
// fetched at once (one curl) before anything else looks at them, so that
// none slides out of a short live window meanwhile; returns the files.
// `headers` gets the response heads, in order.
inline std::vector<std::string> save_segments(const std::string &playlist_url,
                                              const std::string &dir,
                                              const std::string &tag,
                                              std::vector<std::string> uris,
                                              std::string *headers = nullptr) {
  std::string command = "curl -s --max-time 20";
  std::vector<std::string> files;
  const std::string heads = dir + "/" + tag + "-heads";
  for (const auto &uri : uris) {
    // Relative, or absolute (hls-url): named after its last part.
    const bool absolute = uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0;
    const std::string path = uri.substr(0, uri.find('?'));
    files.push_back(dir + "/" + tag + "-" +
                    path.substr(absolute ? path.rfind('/') + 1 : 0));
    command += " -D '" + heads + "' -o '" + files.back() + "' '" +
               (absolute ? "" : base_of(playlist_url)) + uri + "'";
  }
  shell(command);
  if (headers)
    *headers = shell("cat '" + heads + "'");
  return files;
}

// Whether the first video packet of a saved segment is a keyframe.
inline bool starts_with_keyframe(const std::string &file) {
  const std::string flags = shell("ffprobe -v error -select_streams v:0 -show_entries "
                                  "packet=flags -of csv=p=0 '" +
                                  file + "' | grep -m 1 .");
  return !flags.empty() && flags.front() == 'K';
}

} // namespace flu::hls::test
