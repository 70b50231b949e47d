// flu::sdk gst-launch fragments written for GStreamer 0.10 (Flumotion's
// planets): the caps and element names 1.x spells otherwise, read in 1.x's
// words by the modules that run a fragment (pipeline-producer,
// pipeline-converter). GStreamer names live here, with the modules, not in
// flu's core: a planet keeps its fragment as written, and the component says
// what it read as what. Link Flu::sdk-gst-launch-compat.
#pragma once

#include <flu/sdk/host.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace flu::sdk {

struct GstLaunchRename {
  std::string old_name; // as the fragment wrote it: "ffdec_h264"
  std::string new_name; // GStreamer 1.x's: "avdec_h264"
  bool operator==(const GstLaunchRename &) const = default;
};

struct GstLaunch1x {
  std::string fragment;                 // in 1.x's names
  std::vector<GstLaunchRename> renamed; // each distinct rename once, in order met
};

// video/x-raw-yuv -> video/x-raw, ffmpegcolorspace -> videoconvert,
// (fourcc) -> (string), ffdec_* -> avdec_*...; whole names only
// (video/x-raw-yuvx stays), the rest of the fragment as is.
GstLaunch1x gstreamer_1_names(std::string_view fragment);

// One line naming each rename: "read GStreamer 0.10's 'ffmpegcolorspace' as
// 'videoconvert', 'video/x-raw-yuv' as 'video/x-raw'"; "" for none.
std::string describe(const std::vector<GstLaunchRename> &renamed);

// `fragment` (the value of `property`) in 1.x's names; when anything was
// renamed, an info message to the operator (id "gstreamer-0.10-names")
// names the property and each rename.
std::string gst_launch_fragment(const Host &host, const char *property,
                                std::string_view fragment);

} // namespace flu::sdk
