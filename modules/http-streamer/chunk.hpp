// A chunk is one piece of the outgoing byte stream, shared by every client.
//
// The streamer never copies media in user space: a chunk holds a reference
// to the muxer's GstBuffer, mapped once for reading, and every client's
// scatter-gather write points into that mapping. Chunks are immutable and
// handed around as shared_ptr<const Chunk>, so the last client (or the
// stream log) to let go unmaps and unrefs the buffer. A chunk can also own
// a small text, used for the HTTP response head a client writes first.
#pragma once

#include <gst/gst.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace flu::http_streamer {

class Chunk {
public:
  // Takes a new reference to `buffer` and maps it; throws if it cannot be
  // mapped (never seen with system memory, but a buffer may be exotic).
  static std::shared_ptr<const Chunk> from_buffer(GstBuffer *buffer);
  static std::shared_ptr<const Chunk> from_text(std::string text);

  ~Chunk();
  Chunk(const Chunk &) = delete;
  Chunk &operator=(const Chunk &) = delete;

  const uint8_t *data() const { return data_; }
  size_t size() const { return size_; }
  // A point a new client may start from: no DELTA_UNIT and no HEADER flag
  // (a WebM cluster start, an Ogg page that begins a keyframe).
  bool keyframe() const { return keyframe_; }
  bool header() const { return header_; }
  // The buffer's timestamp (PTS, else DTS; GST_CLOCK_TIME_NONE without):
  // the same buffer has the same one in every process fed by the same
  // muxer, which is how a hot upgrade finds a viewer's place again.
  uint64_t pts() const { return pts_; }

private:
  Chunk() = default;

  GstBuffer *buffer_ = nullptr;
  GstMapInfo map_{};
  std::string text_;
  const uint8_t *data_ = nullptr;
  size_t size_ = 0;
  bool keyframe_ = false;
  bool header_ = false;
  uint64_t pts_ = GST_CLOCK_TIME_NONE;
};

using ChunkRef = std::shared_ptr<const Chunk>;

} // namespace flu::http_streamer
