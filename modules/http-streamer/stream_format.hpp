// What a viewer must be told before any media: the Content-Type of the
// stream and its header buffers (WebM EBML header + Segment/Tracks, the Ogg
// BOS and comment pages).
//
// FormatTracker runs on the appsink's streaming thread. It watches the caps
// of each sample and the HEADER-flagged buffers, and tells the caller when
// the format changes. Headers come from the caps' `streamheader` field when
// there is one; otherwise from the run of HEADER-flagged buffers the muxer
// pushes first. Either way, HEADER-flagged buffers never reach the data
// stream: every client gets the headers once, from the format.
//
// It also says where a late joiner may start, per format (the chunk's
// keyframe flag, from DELTA_UNIT). Most muxers flag it themselves: WebM and
// Matroska clusters, Ogg pages, multipart parts, MP3 and ADTS frames (every
// one a start). MPEG-TS does not: there the tracker reads the packets and
// marks the buffers that open a video keyframe (or, without video, an audio
// frame). docs/codecs.md has the table.
#pragma once

#include "chunk.hpp"

#include <gst/gst.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flu::http_streamer {

struct StreamFormat {
  std::string content_type;
  std::vector<ChunkRef> headers;

  // Same type and byte-identical headers: a reconnecting upstream that sends
  // the same headers again changes nothing for the viewers.
  bool same_as(const StreamFormat &other) const;
};

// The Content-Type for caps such as video/webm or application/ogg; for Ogg,
// video/ogg when a Theora header is among `headers`, else audio/ogg; MP3 is
// audio/mpeg, AAC (ADTS) audio/aac, MPEG-TS video/mp2t, multipart names its
// boundary.
std::string content_type_for(const GstCaps *caps, const std::vector<ChunkRef> &headers);

class FormatTracker {
public:
  FormatTracker() = default;
  ~FormatTracker();
  FormatTracker(const FormatTracker &) = delete;
  FormatTracker &operator=(const FormatTracker &) = delete;

  struct Step {
    std::optional<StreamFormat> new_format; // announce before `data`
    ChunkRef data;                          // null for header buffers
  };
  Step take(GstCaps *caps, GstBuffer *buffer);

private:
  struct Unref {
    void operator()(GstBuffer *b) const { gst_buffer_unref(b); }
  };
  using BufferRef = std::unique_ptr<GstBuffer, Unref>;
  // `buffer`, or a copy with its DELTA_UNIT flag set by the format's
  // late-join rule where the muxer does not set it.
  BufferRef mark_start(GstBuffer *buffer);

  GstCaps *caps_ = nullptr;
  bool transport_stream_ = false;
  bool ts_has_video_ = false; // a video PES was seen: only video keyframes start
  // Audio PES starts seen before any video: a stream's video may come
  // seconds after its audio (an encoder's look-ahead), so audio starts are
  // start points only once this many came without video (about 2-3 s).
  unsigned ts_audio_starts_ = 0;
  bool caps_have_headers_ = false;
  bool in_header_run_ = false;
  std::vector<ChunkRef> header_run_;
  std::optional<StreamFormat> pending_; // from caps, waiting for data
};

} // namespace flu::http_streamer
