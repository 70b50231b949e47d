// The http-streamer's stream format tracker on what a muxer feed may carry:
// the input is cut into buffers and fed as MPEG-TS (whose packets the
// tracker reads for keyframes), then as Ogg and audio/mpeg. Whatever the
// bytes, a chunk is never a header and a start point at once, and its bytes
// are the buffer's.
#include "../fuzz_target.hpp"

#include "stream_format.hpp"

#include <gst/gst.h>

#include <cstring>

using namespace flu::http_streamer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const bool initialised = (gst_init(nullptr, nullptr), true);
  (void)initialised;
  for (const char *type :
       {"video/mpegts, systemstream=(boolean)true, packetsize=(int)188",
        "application/ogg",
        "audio/mpeg, mpegversion=(int)4, stream-format=(string)adts"}) {
    GstCaps *caps = gst_caps_from_string(type);
    FormatTracker tracker;
    // Pieces of up to 1316 bytes (seven TS packets), the first byte of each
    // choosing its flags.
    size_t at = 0;
    while (at < size) {
      const uint8_t flags = data[at];
      const size_t length = std::min<size_t>(size - at, 1 + (flags % 4) * 439);
      GstBuffer *buffer = gst_buffer_new_memdup(data + at, length);
      if (flags & 0x10)
        GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
      if (flags & 0x20)
        GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_HEADER);
      const FormatTracker::Step step = tracker.take(caps, buffer);
      if (step.data) {
        FUZZ_CHECK(!(step.data->header() && step.data->keyframe()));
        FUZZ_CHECK(step.data->size() == length);
        FUZZ_CHECK(std::memcmp(step.data->data(), data + at, length) == 0);
      }
      gst_buffer_unref(buffer);
      at += length;
    }
    gst_caps_unref(caps);
  }
  return 0;
}
