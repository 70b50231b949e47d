// Remux: the passthrough path of a pull. The stream's own encoded data,
// untouched, put back into its own container by GStreamer's muxer, so that
// the feed carries what the http-streamer needs to serve a late viewer: the
// container's headers in the caps (streamheader, HEADER buffers) and key
// frames marked (no DELTA_UNIT). Copying bytes as they come would not: a
// viewer joining later would get neither headers nor a key frame first.
//
// The inner pipeline has `typefind name=flu-type ! parsebin name=flu-parse`
// and a `queue name=flu-out` before its appsink; Remux::attach() connects
// parsebin's streams to a muxer of the same container
// (WebM, Matroska, Ogg) or, for a bare stream (MP3, AAC...), straight on.
#pragma once

#include <gst/gst.h>

namespace flu::modules {

struct Remux {
  static void attach(GstElement *inner);
};

} // namespace flu::modules
