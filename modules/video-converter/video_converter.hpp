// video-converter: Flumotion's video-converter, normalising what a capture
// gives before it is encoded: deinterlace, then scale, then change the frame
// rate, each only when configured to.
//
// Deinterlacing comes first (a scaler mixes the fields otherwise). Its mode
// is Flumotion's: auto deinterlaces frames marked interlaced, interlaced
// every frame, disabled none. Its method "ffmpeg" (the original's default)
// is libav's deinterlacer; the others are GStreamer's deinterlace methods.
//
// Scaling: width and height, each rounded down to a multiple of its
// correction (Flumotion's width-correction 8 keeps encoders that want
// 8-pixel blocks happy); with only one given, the other keeps the picture's
// shape. is-square or pixel-aspect-ratio set the output's pixel shape.
//
// Colour balance (Flumotion's colorbalance effect) comes last: brightness,
// contrast, hue and saturation, set in the configuration and changed live
// by an operator ("set-brightness 0.2"; UI state "brightness"...). At their
// neutral values videobalance passes frames through untouched.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/live_effects.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class VideoConverter {
public:
  static std::string pipeline(const sdk::Host &config);
  VideoConverter(const sdk::Host &config, GstElement *pipeline)
      : effects_(config, pipeline,
                 {{"brightness", "flu-balance", "brightness"},
                  {"contrast", "flu-balance", "contrast"},
                  {"hue", "flu-balance", "hue"},
                  {"saturation", "flu-balance", "saturation"}}) {}
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return effects_.invoke(method, args);
  }

private:
  sdk::LiveEffects effects_;
};

} // namespace flu::modules
