// firewire-producer: Flumotion's DV camera on FireWire (dv1394src). Three
// feeders, as in Flumotion: `dv`, the DV stream as it came; `video`, decoded
// (dvdec, or `decoder`) then the common video properties; `audio`, the DV
// audio with volume and a level meter (level:audio:peak/rms). A leaky queue
// in front of the demuxer keeps a slow decoder from holding up `dv`.
//
// With a frame rate asked well under DV's 25/30 fps, dvdec decodes only
// every 2nd, 4th or 8th frame (its drop-factor), as Flumotion did.
//
// dv1394src finds no port without a FireWire controller and a camera: the
// component turns sad naming the device (<flu/sdk/device_errors.hpp>).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/device_errors.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class FirewireProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  FirewireProducer(const sdk::Host &host, GstElement *pipeline);

private:
  sdk::DeviceErrors errors_;
  sdk::LevelMeter meter_;
};

// The guid property as dv1394src takes it; throws naming a malformed one.
uint64_t firewire_guid(const std::string &text);

// dvdec's drop-factor for a frame rate (Flumotion's steps): 1, 2, 4 or 8.
int dv_drop_factor(double fps);

} // namespace flu::modules
