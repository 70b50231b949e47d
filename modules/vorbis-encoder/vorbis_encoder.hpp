// vorbis-encoder: encodes a raw audio feed to Vorbis, at a quality (the
// default, as Vorbis recommends) or at an average bitrate.
//
// audiorate makes the stream contiguous before the encoder: Ogg positions
// Vorbis by sample count (granulepos), so a gap in a live feed (a reconnect)
// would shift the audio against the video. skip-to-first keeps it from
// filling silence from the segment start up to a feed's first timestamp.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

// The level meter (UI state level:default:peak/rms) measures what it encodes.
class VorbisEncoder {
public:
  static std::string pipeline(const sdk::Host &config);
  VorbisEncoder(const sdk::Host &config, GstElement *pipeline)
      : level_(config, pipeline, "flu-level", "default") {}

private:
  sdk::LevelMeter level_;
};

} // namespace flu::modules
