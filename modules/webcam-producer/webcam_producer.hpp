// webcam-producer: Flumotion's webcam, raw I420 video on feeder `default`
// from a V4L2 device (v4l2src) in the media type, pixel format, size and
// frame rate asked (each left to the camera when unset), then the common
// video properties. The device is checked before the pipeline is built (see
// v4l2_device.hpp): a missing path or a file that is not a V4L2 capture
// device is refused naming it; what goes wrong once it is open turns the
// component sad naming it (<flu/sdk/device_errors.hpp>).
//
// Flumotion's hue, saturation, brightness and contrast (a colour balance on
// the device) are not here: a video-converter after the producer does that.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/device_errors.hpp>

#include <string>

namespace flu::modules {

class WebcamProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  WebcamProducer(const sdk::Host &host, GstElement *pipeline);

private:
  sdk::DeviceErrors errors_;
};

// The caps asked of the capture element ("video/x-raw,format=YUY2,
// width=640"); throws when that element could never produce them.
std::string webcam_caps(const sdk::Host &config, const std::string &factory);

} // namespace flu::modules
