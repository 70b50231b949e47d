// pipeline-converter: Flumotion's pipeline-converter, the escape hatch: a
// gst-launch fragment ("videoflip method=clockwise", "audioecho delay=...")
// run between the eater and the feeder, for what no other component does.
//
// The fragment is checked before the job builds its pipeline: it must not be
// empty, must not start or end with a link ("!"), and may not name the
// host's eaters and feeders ("@...@"); GStreamer's own parser then names any
// element or property that does not exist, and the job turns sad with it.
// A fragment written for GStreamer 0.10 (Flumotion's planets) is read in
// 1.x's names, with a message saying what it read as what
// (<flu/sdk/gst_launch_compat.hpp>).
//
// The fragment's output is metered (level:default:peak/rms) when its caps
// say it is raw audio ("audioecho ..."), and not otherwise.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class PipelineConverter {
public:
  static std::string pipeline(const sdk::Host &config);
  PipelineConverter(const sdk::Host &host, GstElement *pipeline);

private:
  sdk::LevelTap level_;
};

} // namespace flu::modules
