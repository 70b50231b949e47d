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

// MPEG-TS: what a run of 188-byte packets says about where a viewer may
// start. mpegtsmux flags no buffer as a keyframe, so the packets tell: a
// packet that starts a PES (payload_unit_start) whose adaptation field has
// random_access set and whose stream id is video (0xE0-0xEF) opens a video
// keyframe; in a stream without video (no video PES among its first
// `audio_only_after` audio PES starts), any audio PES start is a frame
// boundary. Anything that is not a whole packet with its sync byte is
// skipped, never read past.
struct TsStarts {
  bool video_key = false;   // a packet opening a video keyframe
  bool audio_start = false; // a packet opening an audio PES
  bool video = false;       // a packet opening any video PES
};

// Audio PES starts without video after which a transport stream is taken
// for audio only (about 2-3 s of AAC or MP3 frames).
constexpr unsigned audio_only_after = 100;

TsStarts scan_ts(const uint8_t *data, size_t size) {
  constexpr size_t packet = 188;
  TsStarts found;
  for (size_t at = 0; at + packet <= size; at += packet) {
    const uint8_t *p = data + at;
    if (p[0] != 0x47 || !(p[1] & 0x40)) // no sync, or no PES start
      continue;
    const unsigned adaptation = (p[3] >> 4) & 0x3;
    size_t payload = 4;
    bool random_access = false;
    if (adaptation & 0x2) {
      const size_t length = p[4];
      random_access = length > 0 && (p[5] & 0x40);
      payload = 5 + length;
    }
    if (!(adaptation & 0x1) || payload + 4 > packet)
      continue;
    const uint8_t *pes = p + payload;
    if (pes[0] != 0 || pes[1] != 0 || pes[2] != 1)
      continue;
    const uint8_t id = pes[3];
    if (id >= 0xE0 && id <= 0xEF) {
      found.video = true;
      found.video_key = found.video_key || random_access;
    } else if ((id >= 0xC0 && id <= 0xDF) || id == 0xBD) {
      found.audio_start = true;
    }
  }
  return found;
}

bool is_transport_stream(const GstCaps *caps) {
  return caps && gst_caps_get_size(caps) > 0 &&
         gst_structure_has_name(gst_caps_get_structure(caps, 0), "video/mpegts");
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
  if (name == "audio/mpeg") {
    // MPEG-1/2 audio is MP3 (audio/mpeg); MPEG-2/4 AAC in ADTS frames is
    // what internet radio serves as audio/aac.
    int version = 1;
    gst_structure_get_int(s, "mpegversion", &version);
    return version == 1 ? "audio/mpeg" : "audio/aac";
  }
  if (name == "video/mpegts")
    return "video/mp2t";
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

FormatTracker::BufferRef FormatTracker::mark_start(GstBuffer *buffer) {
  BufferRef same(gst_buffer_ref(buffer));
  if (!transport_stream_ || GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER))
    return same;
  GstMapInfo map;
  if (!gst_buffer_map(buffer, &map, GST_MAP_READ))
    return same;
  const TsStarts starts = scan_ts(map.data, map.size);
  gst_buffer_unmap(buffer, &map);
  ts_has_video_ = ts_has_video_ || starts.video;
  if (!ts_has_video_ && starts.audio_start && ts_audio_starts_ < audio_only_after)
    ++ts_audio_starts_;
  // Until the stream has shown it carries no video, a viewer waits for a
  // video keyframe: one started at an audio packet would get the first
  // video frames the muxer sends, keyframe or not.
  const bool start = ts_has_video_
                         ? starts.video_key
                         : starts.audio_start && ts_audio_starts_ >= audio_only_after;
  if (start == !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return same;
  // A new buffer over the same memory: only the flags differ, no byte is
  // copied.
  BufferRef marked(gst_buffer_copy(buffer));
  if (start)
    GST_BUFFER_FLAG_UNSET(marked.get(), GST_BUFFER_FLAG_DELTA_UNIT);
  else
    GST_BUFFER_FLAG_SET(marked.get(), GST_BUFFER_FLAG_DELTA_UNIT);
  return marked;
}

FormatTracker::Step FormatTracker::take(GstCaps *caps, GstBuffer *buffer) {
  Step step;
  if (caps && caps != caps_) {
    const bool changed = !caps_ || !gst_caps_is_equal(caps, caps_);
    gst_caps_replace(&caps_, caps);
    if (changed) {
      transport_stream_ = is_transport_stream(caps);
      ts_has_video_ = false;
      ts_audio_starts_ = 0;
      std::vector<ChunkRef> headers = headers_from_caps(caps);
      caps_have_headers_ = !headers.empty();
      std::string type = content_type_for(caps, headers);
      pending_ = StreamFormat{std::move(type), std::move(headers)};
    }
  }

  ChunkRef chunk = Chunk::from_buffer(mark_start(buffer).get());
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
