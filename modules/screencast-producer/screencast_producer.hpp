// screencast-producer: Flumotion's screen capture, an X11 display or a
// region of it (x-offset, y-offset, width, height) as raw I420 video on
// feeder `default` at `framerate`, through ximagesrc. Unlike Flumotion's
// (320x240 by default), an unset width or height reaches the screen's edge,
// so the whole screen is the default. A display that cannot be opened turns
// the component sad naming it (<flu/sdk/device_errors.hpp>); so does a
// region that does not fit the screen, which ximagesrc would silently
// replace by the whole screen.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/device_errors.hpp>

#include <atomic>
#include <string>

namespace flu::modules {

class ScreencastProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  ScreencastProducer(const sdk::Host &host, GstElement *pipeline);

private:
  static GstPadProbeReturn on_event(GstPad *, GstPadProbeInfo *info, gpointer self);

  sdk::Host host_;
  sdk::DeviceErrors errors_;
  std::atomic<bool> reported_{false};
};

// The display to capture: the property, else the worker's DISPLAY; throws
// when there is neither.
std::string screencast_display(const sdk::Host &config);

} // namespace flu::modules
