// Chunks: shared, read-only views of the muxer's buffers (see chunk.hpp).
#include "chunk.hpp"

#include <stdexcept>

namespace flu::http_streamer {

std::shared_ptr<const Chunk> Chunk::from_buffer(GstBuffer *buffer) {
  // Not make_shared: the constructor is private, and a separate control
  // block costs nothing next to a GstBuffer.
  std::shared_ptr<Chunk> chunk(new Chunk());
  chunk->buffer_ = gst_buffer_ref(buffer);
  if (!gst_buffer_map(chunk->buffer_, &chunk->map_, GST_MAP_READ)) {
    gst_buffer_unref(chunk->buffer_);
    chunk->buffer_ = nullptr;
    throw std::runtime_error("cannot map a buffer of the stream for reading");
  }
  chunk->data_ = chunk->map_.data;
  chunk->size_ = chunk->map_.size;
  chunk->header_ = GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER);
  chunk->pts_ =
      GST_BUFFER_PTS_IS_VALID(buffer) ? GST_BUFFER_PTS(buffer) : GST_BUFFER_DTS(buffer);
  chunk->keyframe_ =
      !chunk->header_ && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
  return chunk;
}

std::shared_ptr<const Chunk> Chunk::from_text(std::string text) {
  std::shared_ptr<Chunk> chunk(new Chunk());
  chunk->text_ = std::move(text);
  chunk->data_ = reinterpret_cast<const uint8_t *>(chunk->text_.data());
  chunk->size_ = chunk->text_.size();
  return chunk;
}

Chunk::~Chunk() {
  if (buffer_) {
    gst_buffer_unmap(buffer_, &map_);
    gst_buffer_unref(buffer_);
  }
}

} // namespace flu::http_streamer
