// soundcard-producer: Flumotion's sound card capture, raw audio on feeder
// `default` at the channels, depth and sample rate asked, with the common
// volume and a level meter (level:default:peak/rms). `source-element` picks
// the capture API: alsasrc (Flumotion's default, device hw:0) or pulsesrc
// (device: a PulseAudio source; the server comes from PULSE_SERVER or the
// worker's session). A device that cannot be opened turns the component sad
// with a message naming it (<flu/sdk/device_errors.hpp>).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/device_errors.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class SoundcardProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  SoundcardProducer(const sdk::Host &host, GstElement *pipeline);

private:
  sdk::DeviceErrors errors_;
  sdk::LevelMeter meter_;
};

// What the operator would call the device: "sound card 'hw:1' (alsasrc)".
std::string soundcard_name(const sdk::Host &config);

} // namespace flu::modules
