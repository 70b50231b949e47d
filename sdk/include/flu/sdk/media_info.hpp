// flu::sdk::MediaInfo: what a media file holds, asked of GStreamer's
// discoverer before a pipeline is built: which feeders get the file's
// streams and which get filler (loop-producer, playlist-producer). Link
// Flu::sdk-media-info.
#pragma once

#include <cstdint>
#include <string>

namespace flu::sdk {

struct MediaInfo {
  std::string uri;
  bool audio = false;
  bool video = false;
  int64_t duration_ns = 0;
  std::string audio_text; // "2 channel(s) 44100Hz", as Flumotion showed it
  std::string video_text; // "320 x 240 at 30/1 fps"
};

// A path or file:// URI to a file:// URI; throws naming the file when it
// does not exist or cannot be read.
std::string file_uri(const std::string &location);

// Throws std::runtime_error naming the location when GStreamer cannot decode
// it or it holds neither audio nor video.
MediaInfo discover(const std::string &location);

} // namespace flu::sdk
