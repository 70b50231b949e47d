// The windows and playlists (see playlist.hpp).
#include "playlist.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>

namespace flu::hls {

namespace {

constexpr const char *kPlaylistType = "application/vnd.apple.mpegurl";
constexpr const char *kSegmentType = "video/mp2t";
constexpr const char *kMp4Type = "video/mp4";

bool fmp4(const WindowSettings &w) { return w.format == SegmentFormat::fmp4; }
// The playlists' version: EXT-X-MAP without EXT-X-I-FRAMES-ONLY needs 6,
// fMP4 players expect 7 (RFC 8216 section 7).
const char *version(const WindowSettings &w) { return fmp4(w) ? "7" : "3"; }
const char *segment_extension(const WindowSettings &w) {
  return fmp4(w) ? ".m4s" : ".ts";
}

std::string hex2(unsigned value) {
  char out[3];
  std::snprintf(out, sizeof out, "%02x", value & 0xff);
  return out;
}

Answer text(int status, std::string body, const char *type, std::string cache) {
  return {status, type, std::move(cache),
          std::make_shared<const std::string>(std::move(body))};
}

// "12" from "12", nothing from "", "x", "012" or "99999999999999999999".
std::optional<uint64_t> number(std::string_view s) {
  uint64_t value = 0;
  if (s.empty() || (s.size() > 1 && s.front() == '0'))
    return std::nullopt;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return value;
}

} // namespace

std::string rewrite_uris(const std::string &playlist, const std::string &prefix,
                         const std::string &query) {
  std::string out;
  size_t start = 0;
  while (start < playlist.size()) {
    size_t end = playlist.find('\n', start);
    if (end == std::string::npos)
      end = playlist.size();
    std::string line = playlist.substr(start, end - start);
    if (!line.empty() && line.front() != '#') {
      line = prefix + line + query;
    } else if (const auto uri = line.find("URI=\""); uri != std::string::npos) {
      const auto close = line.find('"', uri + 5);
      if (close != std::string::npos) {
        line.insert(close, query);
        line.insert(uri + 5, prefix);
      }
    }
    out += line + "\n";
    start = end + 1;
  }
  return out;
}

std::string hls_base_url(std::string url, const std::string &mount_point) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    throw std::runtime_error("hls-url must be an http:// or https:// URL, got '" + url +
                             "'");
  for (const char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == 0x7f)
      throw std::runtime_error("hls-url holds a space, a quote or a control character");
  if (url.back() != '/')
    url += '/';
  return url + (mount_point.front() == '/' ? mount_point.substr(1) : mount_point);
}

std::string h264_codec(const std::string &profile, const std::string &level) {
  // profile_idc and the constraint flags x264 and other encoders set for
  // each profile GStreamer's h264parse names.
  struct Known {
    const char *name;
    unsigned idc, flags;
  };
  static constexpr Known known[] = {
      {"constrained-baseline", 0x42, 0xc0},
      {"baseline", 0x42, 0x00},
      {"main", 0x4d, 0x00},
      {"extended", 0x58, 0x00},
      {"high", 0x64, 0x00},
      {"progressive-high", 0x64, 0x08},
      {"constrained-high", 0x64, 0x0c},
      {"high-10", 0x6e, 0x00},
      {"high-4:2:2", 0x7a, 0x00},
      {"high-4:4:4", 0xf4, 0x00},
  };
  // Level "3.1" is level_idc 31, "4" is 40.
  unsigned idc = 0;
  const auto dot = level.find('.');
  const auto major = number(level.substr(0, dot));
  const auto minor = dot == std::string::npos ? std::optional<uint64_t>(0)
                                              : number(level.substr(dot + 1));
  if (!major || !minor || *major > 6 || *minor > 9)
    return {};
  idc = static_cast<unsigned>(*major * 10 + *minor);
  for (const auto &k : known)
    if (profile == k.name)
      return "avc1." + hex2(k.idc) + hex2(k.flags) + hex2(idc);
  return {};
}

std::string aac_codec(const std::string &profile) {
  if (profile == "lc")
    return "mp4a.40.2";
  if (profile == "he-aac" || profile == "he-aac-v1")
    return "mp4a.40.5";
  if (profile == "he-aac-v2")
    return "mp4a.40.29";
  if (profile == "main")
    return "mp4a.40.1";
  return {};
}

void Window::add(double seconds, std::string bytes) {
  if (seconds > 0)
    peak_bitrate_ = std::max(
        peak_bitrate_, static_cast<uint64_t>(std::ceil(bytes.size() * 8 / seconds)));
  target_ = std::max(
      {target_, settings_.target_seconds, static_cast<uint32_t>(std::lround(seconds))});
  const uint64_t sequence = next_sequence_++;
  uint64_t key = 0;
  if (settings_.key_rotation > 0) {
    key = sequence / settings_.key_rotation;
    auto &k = keys_[key];
    if (!k)
      k = std::make_shared<const std::string>(settings_.new_key());
    bytes = settings_.encrypt(*k, sequence, bytes);
  }
  segments_.push_back(
      {sequence, seconds, std::make_shared<const std::string>(std::move(bytes)), key});
  while (segments_.size() > settings_.max_window + settings_.extra)
    segments_.pop_front();
  // A key goes with the last segment it encrypts.
  while (!keys_.empty() && keys_.begin()->first < segments_.front().key)
    keys_.erase(keys_.begin());
}

std::shared_ptr<const std::string> Window::key(uint64_t number) const {
  const auto it = keys_.find(number);
  return it == keys_.end() ? nullptr : it->second;
}

std::string Window::media_playlist() const {
  const size_t first = listed_from();
  std::string out = std::string("#EXTM3U\n#EXT-X-VERSION:") + version(settings_) +
                    "\n#EXT-X-TARGETDURATION:" + std::to_string(target_) +
                    "\n#EXT-X-MEDIA-SEQUENCE:" +
                    std::to_string(first < segments_.size() ? segments_[first].sequence
                                                            : next_sequence_) +
                    "\n";
  // Before any EXT-X-KEY: a key applies to the segments and EXT-X-MAPs after
  // it (RFC 8216 4.3.2.4), so the init segment (no media in it) stays
  // clear and needs no IV of its own, while every .m4s is encrypted.
  if (fmp4(settings_))
    out += "#EXT-X-MAP:URI=\"" + settings_.init_segment + "\"\n";
  for (size_t i = first; i < segments_.size(); ++i) {
    char extinf[64];
    std::snprintf(extinf, sizeof extinf, "#EXTINF:%.3f,\n", segments_[i].seconds);
    if (settings_.key_rotation > 0 &&
        (i == first || segments_[i].key != segments_[i - 1].key))
      out += "#EXT-X-KEY:METHOD=AES-128,URI=\"key-" + std::to_string(segments_[i].key) +
             ".key\"\n";
    out += extinf;
    out += settings_.fragment_prefix + "-" + std::to_string(segments_[i].sequence) +
           segment_extension(settings_) + "\n";
  }
  return out;
}

std::shared_ptr<const std::string> Window::segment(uint64_t sequence) const {
  if (segments_.empty() || sequence < segments_.front().sequence ||
      sequence > segments_.back().sequence)
    return nullptr;
  return segments_[sequence - segments_.front().sequence].bytes;
}

uint64_t Window::average_bitrate() const {
  double seconds = 0, bytes = 0;
  for (size_t i = listed_from(); i < segments_.size(); ++i) {
    seconds += segments_[i].seconds;
    bytes += static_cast<double>(segments_[i].bytes->size());
  }
  return seconds > 0 ? static_cast<uint64_t>(std::ceil(bytes * 8 / seconds)) : 0;
}

Catalog::Catalog(WindowSettings settings, size_t renditions)
    : settings_(std::move(settings)) {
  for (size_t i = 0; i < renditions; ++i)
    renditions_.push_back(std::make_unique<Rendition>(settings_));
}

void Catalog::add_segment(size_t rendition, double seconds, std::string bytes) {
  std::lock_guard lock(mutex_);
  renditions_.at(rendition)->window.add(seconds, std::move(bytes));
}

void Catalog::set_init(size_t rendition, std::string bytes) {
  std::lock_guard lock(mutex_);
  renditions_.at(rendition)->window.set_init(std::move(bytes));
}

void Catalog::set_info(size_t rendition, StreamInfo info) {
  std::lock_guard lock(mutex_);
  renditions_.at(rendition)->info = std::move(info);
}

uint64_t Catalog::segments(size_t rendition) const {
  std::lock_guard lock(mutex_);
  return renditions_.at(rendition)->window.added();
}

std::string Catalog::master_playlist() const {
  std::lock_guard lock(mutex_);
  std::string out = std::string("#EXTM3U\n#EXT-X-VERSION:") + version(settings_) +
                    "\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  for (size_t i = 0; i < renditions_.size(); ++i) {
    const Rendition &r = *renditions_[i];
    if (!r.window.ready())
      return {};
    // BANDWIDTH is the peak segment bitrate seen, as RFC 8216 asks.
    out += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(r.window.peak_bitrate()) +
           ",AVERAGE-BANDWIDTH=" + std::to_string(r.window.average_bitrate());
    if (r.info.width > 0 && r.info.height > 0)
      out += ",RESOLUTION=" + std::to_string(r.info.width) + "x" +
             std::to_string(r.info.height);
    std::string codecs = r.info.video_codec;
    if (!r.info.audio_codec.empty())
      codecs += (codecs.empty() ? "" : ",") + r.info.audio_codec;
    if (!codecs.empty())
      out += ",CODECS=\"" + codecs + "\"";
    out += "\n" + std::to_string(i) + "/" + settings_.stream_playlist + "\n";
  }
  return out;
}

Answer Catalog::get(std::string_view path) const {
  if (path == settings_.main_playlist) {
    std::string master = master_playlist();
    if (master.empty())
      return text(503, "No segment yet\n", "text/plain", "no-cache");
    return text(200, std::move(master), kPlaylistType, "no-cache");
  }
  const auto slash = path.find('/');
  if (slash == std::string_view::npos)
    return text(404, "Not found\n", "text/plain", "no-cache");
  const auto index = number(path.substr(0, slash));
  if (!index || *index >= renditions_.size())
    return text(404, "Not found\n", "text/plain", "no-cache");
  const std::string_view name = path.substr(slash + 1);
  std::lock_guard lock(mutex_);
  const Window &window = renditions_[*index]->window;
  if (name == settings_.stream_playlist) {
    if (!window.ready())
      return text(503, "No segment yet\n", "text/plain", "no-cache");
    // A live playlist changes every segment: players must ask again.
    return text(200, window.media_playlist(), kPlaylistType, "no-cache");
  }
  // A segment never changes once listed; it is gone after the window (and
  // the extra ones) slid past it.
  const uint64_t lifetime =
      uint64_t{settings_.target_seconds} * (settings_.max_window + settings_.extra);
  const std::string max_age = "public, max-age=" + std::to_string(lifetime);
  const std::string prefix = settings_.fragment_prefix + "-";
  const std::string_view extension = segment_extension(settings_);
  if (name.size() > prefix.size() + extension.size() &&
      name.substr(0, prefix.size()) == prefix &&
      name.substr(name.size() - extension.size()) == extension) {
    const auto sequence = number(
        name.substr(prefix.size(), name.size() - prefix.size() - extension.size()));
    if (sequence)
      if (auto bytes = window.segment(*sequence))
        return {200, fmp4(settings_) ? kMp4Type : kSegmentType, max_age, bytes};
  }
  // The init segment stays the same as long as the stream's format does.
  if (fmp4(settings_) && name == settings_.init_segment)
    if (auto init = window.init())
      return {200, kMp4Type, "no-cache", init};
  if (name.size() > 8 && name.substr(0, 4) == "key-" &&
      name.substr(name.size() - 4) == ".key")
    if (const auto n = number(name.substr(4, name.size() - 8)))
      if (auto key = window.key(*n))
        // Never kept by a cache between the bouncer and another viewer.
        return {200, "application/octet-stream", "no-store", key};
  return text(404, "Not found\n", "text/plain", "no-cache");
}

} // namespace flu::hls
