// What the hls-streamer serves, without GStreamer or sockets: each
// rendition's live window of segments, its media playlist, the master
// playlist over all renditions, and the answer to a path below the mount
// point. Segments come from the streaming threads, requests from the
// network thread: a Catalog locks.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace flu::hls {

// MPEG-TS segments, or fragmented MP4 (an init segment, EXT-X-MAP, and
// .m4s media segments; playlist version 7).
enum class SegmentFormat { ts, fmp4 };

struct WindowSettings {
  SegmentFormat format = SegmentFormat::ts;
  size_t max_window = 5;       // segments listed in the media playlist
  size_t extra = 6;            // older segments still served after they left it
  size_t min_window = 2;       // segments before a playlist is served
  uint32_t target_seconds = 4; // EXT-X-TARGETDURATION at least
  std::string fragment_prefix = "fragment";
  std::string stream_playlist = "stream.m3u8";
  std::string main_playlist = "main.m3u8";
  std::string init_segment = "init.mp4"; // fmp4
  // AES-128 (Flumotion's key-rotation): segments sharing one key; 0: none.
  // The key maker and cipher are given (segment_keys.hpp in the module),
  // so that this file needs neither.
  uint32_t key_rotation = 0;
  std::function<std::string()> new_key;
  std::function<std::string(const std::string &key, uint64_t sequence,
                            const std::string &plain)>
      encrypt;
};

struct Segment {
  uint64_t sequence = 0;
  double seconds = 0;
  std::shared_ptr<const std::string> bytes;
  uint64_t key = 0; // its key's number, with key-rotation
};

// What the master playlist says of a rendition (from its parsers' caps).
struct StreamInfo {
  int width = 0, height = 0; // 0: no video
  std::string video_codec;   // RFC 6381: "avc1.64001f"; "" unknown
  std::string audio_codec;   // "mp4a.40.2"
};

// The RFC 6381 names of H.264 and AAC from the profile and level GStreamer's
// parsers put in caps ("high", "3.1"; "lc"); "" when unknown.
std::string h264_codec(const std::string &profile, const std::string &level);
std::string aac_codec(const std::string &profile);

// `playlist` with every URI (its lines that are no tag, and the URI="..."
// attributes of its tags) made `prefix` + URI + `query`: a viewer's
// ?token= (players resolve relative URIs without the query they were
// given), and hls-url's absolute base (Flumotion's hls-url).
std::string rewrite_uris(const std::string &playlist, const std::string &prefix,
                         const std::string &query);

// hls-url checked and ended with '/', then joined with the mount point
// ("/live/") as Flumotion did: "http://cdn.example/hls" gives
// "http://cdn.example/hls/live/". Throws std::runtime_error for a value that
// is no http(s) URL or holds a byte a playlist line cannot.
std::string hls_base_url(std::string url, const std::string &mount_point);

class Window {
public:
  explicit Window(const WindowSettings &settings) : settings_(settings) {}
  void add(double seconds, std::string bytes);
  // fmp4: the init segment (ftyp + moov) every media segment needs.
  void set_init(std::string bytes) {
    init_ = std::make_shared<const std::string>(std::move(bytes));
  }
  std::shared_ptr<const std::string> init() const { return init_; }
  bool ready() const {
    return segments_.size() >= listed_from() + settings_.min_window &&
           (settings_.format == SegmentFormat::ts || init_);
  }
  size_t listed() const { return segments_.size() - listed_from(); }
  std::string media_playlist() const;
  std::shared_ptr<const std::string> segment(uint64_t sequence) const;
  std::shared_ptr<const std::string> key(uint64_t number) const;
  uint64_t peak_bitrate() const { return peak_bitrate_; }
  uint64_t average_bitrate() const; // over the listed segments
  uint64_t added() const { return next_sequence_; }

private:
  size_t listed_from() const {
    return segments_.size() > settings_.max_window
               ? segments_.size() - settings_.max_window
               : 0;
  }
  const WindowSettings &settings_;
  std::shared_ptr<const std::string> init_;
  std::map<uint64_t, std::shared_ptr<const std::string>> keys_; // of held segments
  std::deque<Segment> segments_; // listed ones last, extra ones before them
  uint64_t next_sequence_ = 0;
  uint64_t peak_bitrate_ = 0;
  uint32_t target_ = 0; // never goes down: a playlist's target must not change
};

struct Answer {
  int status = 404;
  std::string content_type;
  std::string cache_control;
  std::shared_ptr<const std::string> body;
};

class Catalog {
public:
  Catalog(WindowSettings settings, size_t renditions);
  void add_segment(size_t rendition, double seconds, std::string bytes);
  void set_info(size_t rendition, StreamInfo info);
  void set_init(size_t rendition, std::string bytes);
  // `path` is below the mount point ("main.m3u8", "0/stream.m3u8",
  // "0/fragment-12.ts"; fmp4: "0/init.mp4", "0/fragment-12.m4s").
  Answer get(std::string_view path) const;
  std::string master_playlist() const; // "" until every rendition is ready
  uint64_t segments(size_t rendition) const;
  const std::string &main_playlist_name() const { return settings_.main_playlist; }

private:
  struct Rendition {
    explicit Rendition(const WindowSettings &s) : window(s) {}
    Window window;
    StreamInfo info;
  };
  WindowSettings settings_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Rendition>> renditions_;
};

} // namespace flu::hls
