// soundcard-producer: Flumotion's sound card capture, raw audio on feeder
// `default` at the channels, depth and sample rate asked, with the common
// volume and a level meter (level:default:peak/rms). `source-element` picks
// the capture API: alsasrc (Flumotion's default, device hw:0) or pulsesrc
// (device: a PulseAudio source; the server comes from PULSE_SERVER or the
// worker's session). A device that cannot be opened turns the component sad
// with a message naming it (<flu/sdk/device_errors.hpp>).
//
// As Flumotion's volume effect, an operator changes the volume live
// ("set-volume 0.5", "set-mute true"; UI state "volume", "mute"): the
// knobs are the common volume property's element.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/device_errors.hpp>
#include <flu/sdk/level_meter.hpp>
#include <flu/sdk/live_effects.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class SoundcardProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  SoundcardProducer(const sdk::Host &host, GstElement *pipeline);
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return effects_.invoke(method, args);
  }

private:
  sdk::DeviceErrors errors_;
  sdk::LevelMeter meter_;
  std::string volume_; // the volume element's name
  sdk::LiveEffects effects_;
};

// What the operator would call the device: "sound card 'hw:1' (alsasrc)".
std::string soundcard_name(const sdk::Host &config);

} // namespace flu::modules
