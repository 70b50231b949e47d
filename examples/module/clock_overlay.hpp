// clock-overlay: draws the wall-clock time over a raw video feed.
//
// An example of a third-party component type, built out of tree against the
// installed SDK (see README.md). It is a converter: one eater, one feeder,
// and a pipeline made of stock GStreamer elements (clockoverlay, from
// gst-plugins-base's pango plugin). Everything it needs from flu comes
// through <flu/sdk.hpp>; it links nothing of flu's own.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::example {

struct ClockOverlay {
  static std::string pipeline(const sdk::Host &config);
};

} // namespace flu::example
