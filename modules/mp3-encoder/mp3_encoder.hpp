// mp3-encoder: encodes a raw audio feed to MP3 with LAME at a constant
// bitrate, cut into frames (mpegaudioparse). Each MP3 frame starts with a
// sync word: an http-streamer serves the feed alone as audio/mpeg, the way
// internet radio does, and a listener starts at any frame.
//
// LAME takes its bitrate only when it starts, so there is no live
// set-bitrate. The level meter (UI state level:default:peak/rms) measures
// the audio it encodes.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class Mp3Encoder {
public:
  static std::string pipeline(const sdk::Host &config);
  Mp3Encoder(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::LevelMeter level_;
};

} // namespace flu::modules
