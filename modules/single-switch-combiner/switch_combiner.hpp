// The four switch types in one template: single or A/V, switched by an
// operator and a schedule only, or also by the watchdog. The watchdog types
// (single-basic-watchdog-combiner, av-basic-watchdog-combiner) build on this
// folder's files, as Flumotion's basicwatchdog.py built on switch.py.
#pragma once

#include "switch_pipeline.hpp"
#include "switcher.hpp"

#include <flu/sdk/level_meter.hpp>

#include <optional>

namespace flu::modules {

template <SwitchMedia Media, bool Watchdog> class SwitchCombiner {
public:
  static std::string pipeline(const sdk::Host &host) {
    policy(host); // refuses bad timeouts before anything runs
    return switch_pipeline(host, Media);
  }
  SwitchCombiner(const sdk::Host &host, GstElement *pipeline)
      : switcher_(host, pipeline, Media, policy(host)) {
    // The A/V types handle raw audio: its level meter (level:audio:peak/rms).
    // The single types pass what they get: they meter it (level:default:…)
    // when its caps say it is raw audio.
    if constexpr (Media == SwitchMedia::av)
      level_.emplace(host, pipeline, audio_level_element, "audio");
    else
      tap_.emplace(host, pipeline, switch_streams(Media).front().selector.c_str(),
                   "default");
  }
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    return switcher_.invoke(method, args);
  }

private:
  static SwitchPolicy policy(const sdk::Host &host) {
    return Watchdog ? Switcher::watchdog_policy(host) : SwitchPolicy{};
  }
  Switcher switcher_;
  std::optional<sdk::LevelMeter> level_;
  std::optional<sdk::LevelTap> tap_;
};

} // namespace flu::modules
