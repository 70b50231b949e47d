// FileLoop: see file_loop.hpp.
#include "file_loop.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <stdexcept>

namespace flu::modules {
namespace {

constexpr GstClockTime poll_interval = 50 * GST_MSECOND;

std::string element_error(GstMessage *message) {
  GError *error = nullptr;
  gchar *debug = nullptr;
  gst_message_parse_error(message, &error, &debug);
  std::string text = error ? error->message : "unknown error";
  g_clear_error(&error);
  g_free(debug);
  return text;
}

} // namespace

FileLoop::FileLoop(const sdk::Host &host, GstElement *outer, const std::string &uri,
                   const std::string &location, const std::string &audio_src,
                   const std::string &video_src)
    : host_(host), outer_(outer), location_(location) {
  // Decoded and converted here, so the outer pipeline gets one raw format
  // whatever the file holds; the appsinks pace the loop in real time.
  std::string text = "uridecodebin name=decode uri=\"" + uri + "\"";
  if (!audio_src.empty())
    text += " decode. ! audioconvert ! audioresample ! audio/x-raw,format=S16LE ! queue "
            "! appsink name=audio sync=true max-buffers=50";
  if (!video_src.empty())
    text += " decode. ! videoconvert ! video/x-raw,format=I420 ! queue ! appsink "
            "name=video sync=true max-buffers=10";
  GError *error = nullptr;
  inner_ = gst_parse_launch(text.c_str(), &error);
  if (error) {
    std::string message = error->message;
    g_clear_error(&error);
    if (inner_)
      gst_object_unref(inner_);
    throw std::runtime_error("cannot decode '" + location + "': " + message);
  }
  audio_.loop = video_.loop = this;
  if (!audio_src.empty())
    attach("audio", audio_, audio_src);
  if (!video_src.empty())
    attach("video", video_, video_src);
  thread_ = std::thread([this] { run(); });
}

FileLoop::~FileLoop() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  gst_element_set_state(inner_, GST_STATE_NULL);
  gst_object_unref(inner_);
  for (Branch *b : {&audio_, &video_}) {
    if (b->src)
      gst_object_unref(b->src);
    if (b->caps)
      gst_caps_unref(b->caps);
  }
}

void FileLoop::attach(const char *sink_name, Branch &branch,
                      const std::string &src_name) {
  branch.src = gst_bin_get_by_name(GST_BIN(outer_), src_name.c_str());
  GstElement *sink = gst_bin_get_by_name(GST_BIN(inner_), sink_name);
  if (!branch.src || !sink)
    throw std::runtime_error("loop-producer: the pipeline lost its " +
                             std::string(sink_name) + " source");
  GstAppSinkCallbacks callbacks = {};
  callbacks.new_sample = [](GstAppSink *s, gpointer data) {
    return on_sample(GST_ELEMENT(s), static_cast<Branch *>(data));
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, &branch, nullptr);
  gst_object_unref(sink);
}

GstFlowReturn FileLoop::on_sample(GstElement *sink, Branch *branch) {
  GstSample *sample = gst_app_sink_pull_sample(GST_APP_SINK(sink));
  if (!sample)
    return GST_FLOW_EOS;
  const GstFlowReturn ret = branch->loop->push(*branch, sample);
  gst_sample_unref(sample);
  return ret;
}

GstFlowReturn FileLoop::push(Branch &branch, GstSample *sample) {
  GstBuffer *buffer = gst_sample_get_buffer(sample);
  const GstSegment *segment = gst_sample_get_segment(sample);
  if (!buffer || !segment || !GST_BUFFER_PTS_IS_VALID(buffer))
    return GST_FLOW_OK;
  const GstClockTime running =
      gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
  if (!GST_CLOCK_TIME_IS_VALID(running))
    return GST_FLOW_OK; // outside the segment: clipped
  GstClockTime stamp;
  {
    std::lock_guard lock(mutex_);
    if (!mapped_) {
      GstClock *clock = gst_element_get_clock(outer_);
      if (!clock)
        return GST_FLOW_OK; // the outer pipeline does not play yet
      const GstClockTime now = gst_clock_get_time(clock);
      gst_object_unref(clock);
      const GstClockTime outer_running = now - gst_element_get_base_time(outer_);
      delta_ = GST_CLOCK_DIFF(running, outer_running);
      mapped_ = true;
    }
    const GstClockTimeDiff mapped = static_cast<GstClockTimeDiff>(running) + delta_;
    if (mapped < 0)
      return GST_FLOW_OK;
    stamp = static_cast<GstClockTime>(mapped);
  }
  // A stream may run past the file's duration (encoder padding), so the
  // next loop's start overlaps its end: what would go back in time is
  // dropped, keeping each feed's time growing.
  if (GST_CLOCK_TIME_IS_VALID(branch.end) && stamp < branch.end)
    return GST_FLOW_OK;
  branch.end =
      stamp + (GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : 1);
  position_ = GST_BUFFER_PTS(buffer);
  GstCaps *caps = gst_sample_get_caps(sample);
  if (caps && (!branch.caps || !gst_caps_is_equal(caps, branch.caps))) {
    gst_caps_replace(&branch.caps, caps);
    gst_app_src_set_caps(GST_APP_SRC(branch.src), caps);
  }
  GstBuffer *out = gst_buffer_copy(buffer); // shares the memory, new metadata
  GST_BUFFER_PTS(out) = stamp;
  GST_BUFFER_DTS(out) = GST_CLOCK_TIME_NONE;
  // Flushing means the component is stopping; the destructor ends the loop.
  gst_app_src_push_buffer(GST_APP_SRC(branch.src), out);
  return GST_FLOW_OK;
}

bool FileLoop::seek(bool flush) {
  const auto flags = static_cast<GstSeekFlags>(
      GST_SEEK_FLAG_SEGMENT | (flush ? GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE : 0));
  // Up to the file's duration, so that decoders clip what a stream has
  // beyond it and every loop is as long as the file says.
  gint64 duration = -1;
  if (!gst_element_query_duration(inner_, GST_FORMAT_TIME, &duration) || duration <= 0)
    return gst_element_seek(inner_, 1.0, GST_FORMAT_TIME, flags, GST_SEEK_TYPE_SET, 0,
                            GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
  return gst_element_seek(inner_, 1.0, GST_FORMAT_TIME, flags, GST_SEEK_TYPE_SET, 0,
                          GST_SEEK_TYPE_SET, duration);
}

void FileLoop::fail(const std::string &what) {
  host_.message(FLU_MESSAGE_ERROR, "loop-producer-file", "'" + location_ + "': " + what);
  stopping_ = true;
}

void FileLoop::run() {
  GstBus *bus = gst_element_get_bus(inner_);
  gst_element_set_state(inner_, GST_STATE_PAUSED);
  enum class Stage { prerolling, seeking, waiting, playing } stage = Stage::prerolling;
  int64_t iterations = 0;
  GstClockTime last_report = 0;
  while (!stopping_) {
    if (stage == Stage::waiting) {
      // Play once the component's pipeline does, so the first samples are
      // not dropped for want of its clock.
      // A live pipeline reaches PLAYING only once its sinks have data:
      // going there (its clock chosen) is enough.
      GstState state = GST_STATE_NULL, pending = GST_STATE_VOID_PENDING;
      gst_element_get_state(outer_, &state, &pending, 0);
      if (state == GST_STATE_PLAYING || pending == GST_STATE_PLAYING) {
        gst_element_set_state(inner_, GST_STATE_PLAYING);
        stage = Stage::playing;
      }
    }
    GstMessage *message = gst_bus_timed_pop(bus, poll_interval);
    if (stage == Stage::playing) {
      const GstClockTime position = position_;
      if (position / GST_SECOND != last_report / GST_SECOND) {
        last_report = position;
        host_.ui_state("position", std::to_string(position));
      }
    }
    if (!message)
      continue;
    switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ASYNC_DONE:
      if (stage == Stage::prerolling) {
        // A flushing segment seek from the start: the first loop then ends
        // with SEGMENT_DONE rather than EOS.
        if (!seek(true))
          fail("cannot be looped: its demuxer refuses to seek");
        stage = Stage::seeking;
      } else if (stage == Stage::seeking) {
        stage = Stage::waiting;
      }
      break;
    case GST_MESSAGE_SEGMENT_DONE:
      if (!seek(false)) {
        fail("cannot be looped: its demuxer refuses to seek");
        break;
      }
      host_.ui_state("num-iterations", std::to_string(++iterations));
      break;
    case GST_MESSAGE_EOS:
      fail("cannot be looped: it ended instead of looping");
      break;
    case GST_MESSAGE_ERROR:
      fail("cannot be decoded: " + element_error(message));
      break;
    default:
      break;
    }
    gst_message_unref(message);
  }
  gst_object_unref(bus);
}

} // namespace flu::modules
