// audiotest-producer: Flumotion's live test signal, raw stereo audio from
// audiotestsrc. Its clock is preferred over the default (priority 110) so
// that a test flow's clock master is deterministic, as in Flumotion.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct AudiotestProducer {
  static std::string pipeline(const sdk::Host &config);
};

// The audiotestsrc wave nick for a wave number ("0" .. "12", the audiotestsrc
// enum) or a nick in any case ("sine", "Pink-Noise"). Throws
// std::runtime_error listing the choices.
std::string audiotest_wave(const std::string &text);

} // namespace flu::modules
