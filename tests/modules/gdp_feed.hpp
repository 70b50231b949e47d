// What a component feeds, as the next component (an http-streamer) sees it:
// a GDP dump of the feed (a feeder fragment "gdppay ! filesink") read back
// through gdpdepay, with each buffer's caps, flags and timestamps.
#pragma once

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::modules::test {

struct FedBuffer {
  std::string caps; // the caps in force, serialised
  std::string head; // the first bytes of the buffer
  bool header;      // GST_BUFFER_FLAG_HEADER
  bool delta;       // GST_BUFFER_FLAG_DELTA_UNIT
  // As GDP carries them (GST_CLOCK_TIME_NONE / GST_BUFFER_OFFSET_NONE when
  // unset), and the whole buffer's size and a hash of its bytes.
  uint64_t pts = 0, dts = 0, duration = 0, offset = 0, offset_end = 0;
  size_t size = 0, bytes_hash = 0;
};

struct Feed {
  std::vector<FedBuffer> buffers;
  std::string streamheader_head; // first bytes of the first streamheader buffer

  // The buffers of the stream itself, after the header buffers.
  std::vector<FedBuffer> media() const {
    std::vector<FedBuffer> out;
    for (const auto &b : buffers)
      if (!b.header)
        out.push_back(b);
    return out;
  }
};

inline Feed read_gdp_feed(const std::string &file, size_t head_bytes = 8) {
  static const bool initialised = (gst_init(nullptr, nullptr), true);
  (void)initialised;
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(
      ("filesrc location=" + file + " ! gdpdepay ! appsink name=sink sync=false").c_str(),
      &error);
  if (!pipeline) {
    std::string why = error ? error->message : "?";
    g_clear_error(&error);
    throw std::runtime_error("cannot read " + file + ": " + why);
  }
  GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), "sink");
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  Feed feed;
  while (GstSample *sample =
             gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 5 * GST_SECOND)) {
    GstBuffer *buffer = gst_sample_get_buffer(sample);
    GstCaps *caps = gst_sample_get_caps(sample);
    FedBuffer fed;
    gchar *text = caps ? gst_caps_to_string(caps) : nullptr;
    fed.caps = text ? text : "";
    g_free(text);
    std::string head(std::min(head_bytes, gst_buffer_get_size(buffer)), '\0');
    gst_buffer_extract(buffer, 0, head.data(), head.size());
    fed.head = head;
    fed.header = GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER);
    fed.delta = GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
    fed.pts = GST_BUFFER_PTS(buffer);
    fed.dts = GST_BUFFER_DTS(buffer);
    fed.duration = GST_BUFFER_DURATION(buffer);
    fed.offset = GST_BUFFER_OFFSET(buffer);
    fed.offset_end = GST_BUFFER_OFFSET_END(buffer);
    fed.size = gst_buffer_get_size(buffer);
    GstMapInfo map;
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      fed.bytes_hash = std::hash<std::string_view>{}(
          std::string_view(reinterpret_cast<const char *>(map.data), map.size));
      gst_buffer_unmap(buffer, &map);
    }
    if (feed.streamheader_head.empty() && caps && gst_caps_get_size(caps) > 0) {
      const GValue *headers =
          gst_structure_get_value(gst_caps_get_structure(caps, 0), "streamheader");
      if (headers && GST_VALUE_HOLDS_ARRAY(headers) &&
          gst_value_array_get_size(headers) > 0) {
        GstBuffer *first = gst_value_get_buffer(gst_value_array_get_value(headers, 0));
        std::string bytes(std::min(head_bytes, gst_buffer_get_size(first)), '\0');
        gst_buffer_extract(first, 0, bytes.data(), bytes.size());
        feed.streamheader_head = bytes;
      }
    }
    feed.buffers.push_back(std::move(fed));
    gst_sample_unref(sample);
  }
  gst_element_set_state(pipeline, GST_STATE_NULL);
  gst_object_unref(sink);
  gst_object_unref(pipeline);
  return feed;
}

} // namespace flu::modules::test
