// audiotest-producer: Flumotion's live test signal, raw stereo audio from
// audiotestsrc. Its clock is preferred over the default (priority 110) so
// that a test flow's clock master is deterministic, as in Flumotion.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>
#include <flu/sdk/live_effects.hpp>

#include <string>
#include <vector>

namespace flu::modules {

// An operator changes its volume and mutes it live ("set-volume 0.5",
// "set-mute true"; UI state "volume", "mute"), and the level meter (UI state
// level:default:peak/rms) measures the tone fed, after both.
class AudiotestProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  AudiotestProducer(const sdk::Host &config, GstElement *pipeline)
      : effects_(config, pipeline,
                 {{"volume", "flu-volume", "volume"}, {"mute", "flu-volume", "mute"}}),
        level_(config, pipeline, "flu-level", "default") {}
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return effects_.invoke(method, args);
  }

private:
  sdk::LiveEffects effects_;
  sdk::LevelMeter level_;
};

// The audiotestsrc wave nick for a wave number ("0" .. "12", the audiotestsrc
// enum) or a nick in any case ("sine", "Pink-Noise"). Throws
// std::runtime_error listing the choices.
std::string audiotest_wave(const std::string &text);

} // namespace flu::modules
