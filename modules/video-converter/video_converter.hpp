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
// shape. is-square or pixel-aspect-ratio set the output's pixel shape, the
// picture keeping its shape (its height and the width that keeps it, when
// neither is given).
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
  VideoConverter(const sdk::Host &config, GstElement *pipeline);
  ~VideoConverter();
  VideoConverter(const VideoConverter &) = delete;
  VideoConverter &operator=(const VideoConverter &) = delete;
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return effects_.invoke(method, args);
  }

private:
  // GStreamer 1.22's videoscale, asked for a pixel aspect ratio other than
  // 1/1 with neither width nor height, scales the width the wrong way
  // (320x240 at 1/1 asked for 16/15 comes out 341x240, not 300x240): the
  // picture is stretched. Given the height as well it picks the width that
  // keeps the picture's shape, so then the input's height is put in the
  // caps it scales to, as each input's caps come.
  static bool keeps_input_height(const sdk::Host &config);
  static GstPadProbeReturn on_input_caps(GstPad *, GstPadProbeInfo *info, gpointer self);

  sdk::LiveEffects effects_;
  GstPad *scaler_input_ = nullptr;
  GstElement *scale_caps_ = nullptr;
  GstCaps *asked_ = nullptr; // the scale caps configured
  gulong probe_ = 0;
};

} // namespace flu::modules
