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
// (WebM, Matroska; Ogg through an OggChain that outlives the connection)
// or, for a bare stream (MP3, AAC...), straight on.
//
// Timestamps keep growing across connections. A source that comes back
// (an encoder restarted) starts its stream again at 0, and the new muxer
// would write it so: a viewer of the passed-through stream, and the burst
// a late viewer gets, would go back in time. So each connection's
// elementary streams are shifted, before the muxer, to start where the last
// connection ended plus the time the source was away (its container's
// timestamps follow the wall clock, as the decoded path's do).
#pragma once

#include "ogg_chain.hpp"

#include <gst/gst.h>

#include <chrono>
#include <mutex>

namespace flu::modules {

class Remux {
public:
  // Connects parsebin's streams of a new connection's inner pipeline.
  void attach(GstElement *inner);

  // The shift for a connection whose first buffer has this running time;
  // then each buffer's end, to know where the connection ended.
  GstClockTimeDiff shift_for(GstClockTime first_running);
  void ended(GstClockTime end);
  // Ogg goes on in one chain across connections (ogg_chain.hpp).
  OggChain &ogg() { return ogg_; }

private:
  std::mutex mutex_;
  bool ever_ = false;    // a connection has carried a buffer
  GstClockTime end_ = 0; // the latest end any connection reached (shifted)
  std::chrono::steady_clock::time_point end_at_;
  OggChain ogg_;
};

} // namespace flu::modules
