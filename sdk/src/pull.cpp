// Pull: see <flu/sdk/pull.hpp>.
#include <flu/sdk/pull.hpp>

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <utility>

namespace flu::sdk {
namespace {

constexpr GstClockTime first_backoff = GST_SECOND;
constexpr GstClockTime last_backoff = 30 * GST_SECOND;

// GStreamer's words for an error, with the HTTP status when the source
// element gives one (souphttpsrc: in the details, and in the debug text as
// "Not Found (404)").
std::string reason(GstMessage *message, const std::string &protocol) {
  GError *error = nullptr;
  gchar *debug = nullptr;
  gst_message_parse_error(message, &error, &debug);
  std::string text = error ? error->message : "unknown error";
  guint status = 0;
  const GstStructure *details = nullptr;
  gst_message_parse_error_details(message, &details);
  if (details)
    gst_structure_get_uint(details, "http-status-code", &status);
  if (!status && debug) {
    // The last "(NNN)" in the debug text.
    const std::string d = debug;
    for (size_t at = d.find('('); at != std::string::npos; at = d.find('(', at + 1))
      if (at + 4 < d.size() && d[at + 4] == ')' && std::isdigit(d[at + 1]) &&
          std::isdigit(d[at + 2]) && std::isdigit(d[at + 3]))
        status = std::stoul(d.substr(at + 1, 3));
  }
  if (status)
    text += " (" + protocol + " " + std::to_string(status) + ")";
  else if (debug && std::string(debug).find("Failed to connect") != std::string::npos)
    // rtspsrc's words for a refused or unreachable server.
    text = "cannot connect (refused or unreachable)";
  else if (text.rfind("Internal data stream error", 0) == 0 &&
           std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(message))) == "flu-source")
    // souphttpsrc says no more when nothing answers or the connection is
    // refused; the flow error is all there is.
    text = "no answer (connection refused or dropped)";
  g_clear_error(&error);
  g_free(debug);
  return text;
}

bool from_source(GstMessage *message) {
  return std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(message))) == "flu-source";
}

} // namespace

Pull::Pull(const Host &host, GstElement *outer, std::string description,
           std::vector<Route> routes, std::string where, Options options)
    : host_(host), outer_(outer), description_(std::move(description)),
      routes_(std::move(routes)), where_(std::move(where)), options_(std::move(options)),
      branches_(routes_.size()) {
  for (size_t i = 0; i < routes_.size(); ++i) {
    branches_[i].pull = this;
    branches_[i].muxed = routes_[i].muxed;
    branches_[i].encoded = routes_[i].encoded;
    branches_[i].src = gst_bin_get_by_name(GST_BIN(outer_), routes_[i].src.c_str());
    if (!branches_[i].src)
      throw std::runtime_error("the pipeline lost its source " + routes_[i].src);
  }
  host_.ui_state("source", "connecting");
  thread_ = std::thread([this] { run(); });
}

Pull::~Pull() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  for (Branch &b : branches_) {
    gst_object_unref(b.src);
    if (b.caps)
      gst_caps_unref(b.caps);
  }
}

void Pull::waiting(const char *id, const std::string &why) {
  // The component's mood says it (hungry, with why); a host older than
  // ABI 1.5 has no such mood, and a warning is all it gets.
  if (host_.hungry(true, why))
    hungry_ = true;
  else
    host_.message(FLU_MESSAGE_WARNING, id, why);
}

std::chrono::steady_clock::time_point Pull::last_data() const {
  return std::chrono::steady_clock::time_point(
      std::chrono::steady_clock::duration(last_data_ns_.load()));
}

bool Pull::wait(GstClockTime how_long) {
  for (GstClockTime waited = 0; waited < how_long; waited += 50 * GST_MSECOND) {
    if (stopping_)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return !stopping_;
}

void Pull::run() {
  GstClockTime backoff = first_backoff;
  int64_t tries = 0;
  while (!stopping_) {
    flowing_ = false;
    const auto started = std::chrono::steady_clock::now();
    std::string why = connect_once();
    if (stopping_)
      break;
    if (options_.diagnose)
      if (std::string more = options_.diagnose(why); !more.empty())
        why = std::move(more);
    // A connection that carried data for a while earns a quick retry.
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(10))
      backoff = first_backoff;
    host_.ui_state("source", "reconnecting");
    host_.ui_state("reconnects", std::to_string(++tries));
    waiting("source-lost", where_ + ": " + why + "; trying again in " +
                               std::to_string(backoff / GST_SECOND) + " s");
    if (!wait(backoff))
      break;
    backoff = std::min(backoff * 2, last_backoff);
  }
}

std::string Pull::connect_once() {
  GError *error = nullptr;
  GstElement *inner = gst_parse_launch(description_.c_str(), &error);
  if (!inner) {
    std::string text = error ? error->message : "unknown error";
    g_clear_error(&error);
    return "cannot build the source: " + text;
  }
  g_clear_error(&error);
  for (size_t i = 0; i < routes_.size(); ++i) {
    GstElement *sink = gst_bin_get_by_name(GST_BIN(inner), routes_[i].sink.c_str());
    if (!sink)
      continue;
    GstAppSinkCallbacks callbacks = {};
    callbacks.new_sample = [](GstAppSink *s, gpointer data) {
      auto *branch = static_cast<Branch *>(data);
      GstSample *sample = gst_app_sink_pull_sample(s);
      if (!sample)
        return GST_FLOW_EOS;
      const GstFlowReturn ret = branch->pull->push(*branch, sample);
      gst_sample_unref(sample);
      return ret;
    };
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, &branches_[i], nullptr);
    gst_object_unref(sink);
  }
  if (options_.prepare)
    options_.prepare(inner);
  {
    std::lock_guard lock(mutex_);
    mapped_ = false; // a new connection starts its own time
    for (Branch &b : branches_)
      b.keyed = false;
  }
  std::string why;
  GstBus *bus = gst_element_get_bus(inner);
  if (gst_element_set_state(inner, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    why = "cannot start";
  bool announced = false;
  bool silent = false;
  std::string last_warning;
  const auto began = std::chrono::steady_clock::now();
  const auto limit = std::chrono::nanoseconds(options_.connect_limit);
  while (why.empty() && !stopping_) {
    const auto now = std::chrono::steady_clock::now();
    // A source that stops sending without a word (srtsrc when its peer
    // went away) is as gone as one that failed, with a limit to say so.
    const bool quiet = GST_CLOCK_TIME_IS_VALID(options_.connect_limit) &&
                       now - (flowing_ ? last_data() : began) > limit;
    if (flowing_ && !quiet && (!announced || silent)) {
      announced = true;
      silent = false;
      host_.ui_state("source", "connected");
      host_.log(FLU_LOG_INFO, where_ + ": receiving");
      if (hungry_)
        host_.hungry(false, where_ + ": receiving again");
      hungry_ = false;
    }
    if (quiet && !silent) {
      silent = true;
      host_.ui_state("source", "waiting");
      const std::string seconds = std::to_string(options_.connect_limit / GST_SECOND);
      waiting("source-silent",
              where_ + ": " +
                  (flowing_ ? "nothing received for " + seconds + " s; still waiting"
                            : options_.silent_reason + " within " + seconds +
                                  " s; still waiting"));
    }
    GstMessage *message = gst_bus_timed_pop(bus, 50 * GST_MSECOND);
    if (!message)
      continue;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
      why = reason(message, options_.protocol);
      // A downstream element's "Internal data stream error" may come first;
      // the source element's own reason (refused, 404) says more.
      for (GstMessage *more = message; more && !from_source(more);) {
        more = gst_bus_timed_pop_filtered(bus, 200 * GST_MSECOND, GST_MESSAGE_ERROR);
        if (more && from_source(more))
          why = reason(more, options_.protocol);
        if (more)
          gst_message_unref(more);
        else
          break;
      }
    } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING && from_source(message)) {
      // A source that retries by itself says why in warnings (srtsrc: a
      // wrong passphrase, no peer); each distinct one is passed on once.
      GError *error = nullptr;
      gst_message_parse_warning(message, &error, nullptr);
      const std::string text = error ? error->message : "unknown warning";
      g_clear_error(&error);
      if (text != last_warning) {
        last_warning = text;
        host_.message(FLU_MESSAGE_WARNING, "source-warning", where_ + ": " + text);
      }
    } else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_EOS)
      why = "the stream ended";
    gst_message_unref(message);
  }
  gst_object_unref(bus);
  gst_element_set_state(inner, GST_STATE_NULL);
  gst_object_unref(inner);
  return why;
}

GstFlowReturn Pull::push(Branch &branch, GstSample *sample) {
  GstBuffer *buffer = gst_sample_get_buffer(sample);
  if (!buffer)
    return GST_FLOW_OK;
  if (branch.encoded && !branch.keyed &&
      GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_FLOW_OK;
  GstClockTime stamp = GST_CLOCK_TIME_NONE;
  GstClockTime decode_stamp = GST_CLOCK_TIME_NONE;
  if (GST_BUFFER_PTS_IS_VALID(buffer)) {
    const GstSegment *segment = gst_sample_get_segment(sample);
    const auto running_time = [&](GstClockTime t) {
      return segment && GST_CLOCK_TIME_IS_VALID(t)
                 ? gst_segment_to_running_time(segment, GST_FORMAT_TIME, t)
                 : t;
    };
    const GstClockTime running = running_time(GST_BUFFER_PTS(buffer));
    const GstClockTime decode_running = running_time(GST_BUFFER_DTS(buffer));
    std::lock_guard lock(mutex_);
    GstClock *clock = gst_element_get_clock(outer_);
    if (!clock && !branch.muxed)
      return GST_FLOW_OK; // the component's pipeline does not play yet
    GstClockTime now = GST_CLOCK_TIME_NONE;
    if (clock) {
      now = gst_clock_get_time(clock) - gst_element_get_base_time(outer_);
      gst_object_unref(clock);
    }
    if (!mapped_ && GST_CLOCK_TIME_IS_VALID(running) && GST_CLOCK_TIME_IS_VALID(now)) {
      delta_ = GST_CLOCK_DIFF(running, now);
      mapped_ = true;
    }
    if (mapped_ && GST_CLOCK_TIME_IS_VALID(running) &&
        static_cast<GstClockTimeDiff>(running) + delta_ >= 0)
      stamp = static_cast<GstClockTime>(static_cast<GstClockTimeDiff>(running) + delta_);
    if (mapped_ && GST_CLOCK_TIME_IS_VALID(decode_running) &&
        static_cast<GstClockTimeDiff>(decode_running) + delta_ >= 0)
      decode_stamp = static_cast<GstClockTime>(
          static_cast<GstClockTimeDiff>(decode_running) + delta_);
    // Never back in time, not even across a reconnection.
    if (!branch.muxed && !branch.encoded && GST_CLOCK_TIME_IS_VALID(branch.end) &&
        GST_CLOCK_TIME_IS_VALID(stamp) && stamp < branch.end)
      return GST_FLOW_OK;
    if (GST_CLOCK_TIME_IS_VALID(stamp))
      branch.end = stamp + 1;
  }
  GstCaps *caps = gst_sample_get_caps(sample);
  if (caps && (!branch.caps || !gst_caps_is_equal(caps, branch.caps))) {
    gst_caps_replace(&branch.caps, caps);
    gst_app_src_set_caps(GST_APP_SRC(branch.src), caps);
  }
  GstBuffer *out = gst_buffer_copy(buffer);
  GST_BUFFER_PTS(out) = stamp;
  GST_BUFFER_DTS(out) = decode_stamp;
  gst_app_src_push_buffer(GST_APP_SRC(branch.src), out);
  branch.keyed = true;
  last_data_ns_ = std::chrono::steady_clock::now().time_since_epoch().count();
  flowing_ = true;
  return GST_FLOW_OK;
}

} // namespace flu::sdk
