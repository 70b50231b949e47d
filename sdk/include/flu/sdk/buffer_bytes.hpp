// A GstBuffer's bytes as flu::sdk::SharedBytes (<flu/sdk/bytes.hpp>): the
// buffer stays referenced and mapped for as long as any copy of them lives,
// so a consumer queues a feed's data without copying it. Also the stream
// headers of caps (their `streamheader` field), as WebM, Ogg and GDP carry
// them, which a consumer sends before any data.
#pragma once

#include <flu/sdk/bytes.hpp>

#include <gst/gst.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace flu::sdk {

namespace detail {

class MappedBuffer {
public:
  explicit MappedBuffer(GstBuffer *buffer) : buffer_(gst_buffer_ref(buffer)) {
    if (!gst_buffer_map(buffer_, &info_, GST_MAP_READ)) {
      gst_buffer_unref(buffer_);
      throw std::runtime_error("cannot read a buffer of the feed");
    }
  }
  ~MappedBuffer() {
    gst_buffer_unmap(buffer_, &info_);
    gst_buffer_unref(buffer_);
  }
  MappedBuffer(const MappedBuffer &) = delete;
  MappedBuffer &operator=(const MappedBuffer &) = delete;
  const GstMapInfo &info() const { return info_; }

private:
  GstBuffer *buffer_;
  GstMapInfo info_{};
};

} // namespace detail

// Throws std::runtime_error when the buffer cannot be mapped.
inline SharedBytes buffer_bytes(GstBuffer *buffer) {
  auto mapped = std::make_shared<const detail::MappedBuffer>(buffer);
  return {mapped->info().data, mapped->info().size, mapped};
}

// The buffers of the first structure's `streamheader`, in order; none when
// the caps have no such field.
inline std::vector<SharedBytes> stream_headers(const GstCaps *caps) {
  std::vector<SharedBytes> headers;
  if (!caps || gst_caps_get_size(caps) == 0)
    return headers;
  const GValue *list =
      gst_structure_get_value(gst_caps_get_structure(caps, 0), "streamheader");
  if (list && GST_VALUE_HOLDS_ARRAY(list))
    for (guint i = 0; i < gst_value_array_get_size(list); ++i) {
      const GValue *v = gst_value_array_get_value(list, i);
      if (GST_VALUE_HOLDS_BUFFER(v))
        headers.push_back(buffer_bytes(gst_value_get_buffer(v)));
    }
  return headers;
}

} // namespace flu::sdk
