// Stream format: Content-Type and headers from caps and HEADER buffers
// (see stream_format.hpp).
#include "stream_format.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace flu::http_streamer {

namespace {

std::vector<ChunkRef> headers_from_caps(const GstCaps *caps) {
  std::vector<ChunkRef> headers;
  if (!caps || gst_caps_get_size(caps) == 0)
    return headers;
  const GstStructure *s = gst_caps_get_structure(caps, 0);
  const GValue *array = gst_structure_get_value(s, "streamheader");
  if (!array || !GST_VALUE_HOLDS_ARRAY(array))
    return headers;
  for (guint i = 0; i < gst_value_array_get_size(array); ++i) {
    const GValue *v = gst_value_array_get_value(array, i);
    if (v && GST_VALUE_HOLDS_BUFFER(v))
      headers.push_back(Chunk::from_buffer(gst_value_get_buffer(v)));
  }
  return headers;
}

bool contains(const Chunk &chunk, std::string_view needle) {
  const auto *begin = reinterpret_cast<const char *>(chunk.data());
  const std::string_view hay(begin, chunk.size());
  return hay.find(needle) != std::string_view::npos;
}

} // namespace

bool StreamFormat::same_as(const StreamFormat &other) const {
  if (content_type != other.content_type || headers.size() != other.headers.size())
    return false;
  for (size_t i = 0; i < headers.size(); ++i) {
    const Chunk &a = *headers[i];
    const Chunk &b = *other.headers[i];
    if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size()) != 0)
      return false;
  }
  return true;
}

std::string content_type_for(const GstCaps *caps, const std::vector<ChunkRef> &headers) {
  if (!caps || gst_caps_get_size(caps) == 0)
    return "application/octet-stream";
  const GstStructure *s = gst_caps_get_structure(caps, 0);
  const std::string name = gst_structure_get_name(s);
  if (name == "application/ogg" || name == "video/ogg" || name == "audio/ogg") {
    // A Theora identification header starts with 0x80 "theora"; Chromium
    // and Firefox pick their Ogg demuxer path from this type.
    const bool video = std::any_of(headers.begin(), headers.end(), [](const ChunkRef &c) {
      return contains(*c, std::string_view("\x80theora", 7));
    });
    return video ? "video/ogg" : "audio/ogg";
  }
  if (name == "multipart/x-mixed-replace") {
    const char *boundary = gst_structure_get_string(s, "boundary");
    return name + ";boundary=" + (boundary ? boundary : "ThisRandomString");
  }
  return name;
}

FormatTracker::~FormatTracker() {
  if (caps_)
    gst_caps_unref(caps_);
}

FormatTracker::Step FormatTracker::take(GstCaps *caps, GstBuffer *buffer) {
  Step step;
  if (caps && caps != caps_) {
    const bool changed = !caps_ || !gst_caps_is_equal(caps, caps_);
    gst_caps_replace(&caps_, caps);
    if (changed) {
      std::vector<ChunkRef> headers = headers_from_caps(caps);
      caps_have_headers_ = !headers.empty();
      std::string type = content_type_for(caps, headers);
      pending_ = StreamFormat{std::move(type), std::move(headers)};
    }
  }

  ChunkRef chunk = Chunk::from_buffer(buffer);
  if (chunk->header()) {
    if (caps_have_headers_)
      return step; // already in the caps' streamheader
    if (!in_header_run_) {
      header_run_.clear();
      in_header_run_ = true;
    }
    header_run_.push_back(std::move(chunk));
    return step;
  }

  if (in_header_run_) {
    in_header_run_ = false;
    // A muxer may push its HEADER buffers before it sets the caps that carry
    // them (webmmux does); the caps' copy wins when there is one.
    if (!caps_have_headers_) {
      std::string type = content_type_for(caps_, header_run_);
      pending_ = StreamFormat{std::move(type), std::move(header_run_)};
    }
    header_run_.clear();
  }
  if (pending_) {
    step.new_format = std::move(pending_);
    pending_.reset();
  }
  step.data = std::move(chunk);
  return step;
}

} // namespace flu::http_streamer
