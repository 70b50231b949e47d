// Player: see player.hpp.
#include "player.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <algorithm>
#include <stdexcept>

namespace flu::modules::playlist {
namespace {

constexpr GstClockTime tick = 20 * GST_MSECOND;
// An item is prerolled and seeked this long before its start.
constexpr GstClockTimeDiff prepare_lead = 2 * GST_SECOND;
// One already under way (or about to start) joins this long from now, at
// the point of the file it would have reached.
constexpr GstClockTimeDiff join_lead = GST_SECOND;
// How far a source's buffer may start before the end of the one pushed
// before it (timestamp rounding).
constexpr GstClockTimeDiff overlap = 5 * GST_MSECOND;

std::string error_text(GstMessage *message) {
  GError *error = nullptr;
  gchar *debug = nullptr;
  gst_message_parse_error(message, &error, &debug);
  std::string text = error ? error->message : "unknown error";
  g_clear_error(&error);
  g_free(debug);
  return text;
}

} // namespace

std::string Format::video_caps() const {
  return "video/x-raw,format=I420,width=" + std::to_string(width) +
         ",height=" + std::to_string(height) +
         ",framerate=" + std::to_string(framerate_n) + "/" + std::to_string(framerate_d) +
         ",pixel-aspect-ratio=1/1";
}

GstClockTime Format::latency() const {
  return gst_util_uint64_scale_int(GST_SECOND, framerate_d, framerate_n) +
         50 * GST_MSECOND;
}

std::string Format::audio_caps() const {
  return "audio/x-raw,format=S16LE,layout=interleaved,rate=" +
         std::to_string(samplerate) + ",channels=" + std::to_string(channels);
}

struct Player::Source {
  struct Tap {
    Source *source = nullptr;
    Media media = audio;
  };
  Player *player = nullptr;
  Item item;
  bool filler = false;
  GstElement *pipeline = nullptr;
  GstBus *bus = nullptr;
  enum class Stage { prerolling, seeking, playing } stage = Stage::prerolling;
  int64_t file_offset = 0;         // where the seek goes
  GstClockTimeDiff slot_start = 0; // outer running time (under gate_)
  GstClockTimeDiff slot_end = 0;   // outer running time (under gate_)
  bool owns = false;               // playing (under gate_)
  Tap taps[2];

  bool has(Media m) const { return m == audio ? item.audio : item.video; }
  ~Source() {
    if (pipeline) {
      gst_element_set_state(pipeline, GST_STATE_NULL);
      gst_object_unref(pipeline);
    }
    if (bus)
      gst_object_unref(bus);
  }
};

std::string Player::filler_text(const Format &format) {
  return "videotestsrc is-live=true pattern=" + format.video_pattern + " ! " +
         format.video_caps() +
         " ! appsink name=video sync=true max-buffers=10 "
         "audiotestsrc is-live=true wave=" +
         format.audio_wave +
         " samplesperbuffer=" + std::to_string(format.samplerate / 100) + " ! " +
         format.audio_caps() + " ! appsink name=audio sync=true max-buffers=50";
}

Player::Player(const sdk::Host &host, GstElement *outer, const Format &format,
               const std::string &audio_src, const std::string &video_src)
    : host_(host), outer_(outer), format_(format) {
  outputs_[audio].src = gst_bin_get_by_name(GST_BIN(outer), audio_src.c_str());
  outputs_[video].src = gst_bin_get_by_name(GST_BIN(outer), video_src.c_str());
  if (!outputs_[audio].src || !outputs_[video].src)
    throw std::runtime_error("playlist-producer: the pipeline lost its sources");
  // One format for every source: the sources' caps differ in details
  // (colorimetry, channel mask) that a muxer downstream would take for a
  // change of stream, while the samples are laid out the same.
  for (Media m : {audio, video}) {
    GstCaps *caps = gst_caps_from_string(
        (m == audio ? format.audio_caps() : format.video_caps()).c_str());
    gst_app_src_set_caps(GST_APP_SRC(outputs_[m].src), caps);
    gst_caps_unref(caps);
  }
  Item none;
  none.audio = none.video = true;
  filler_ = make_source(filler_text(format), none, true);
  thread_ = std::thread([this] { run(); });
}

Player::~Player() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  filler_.reset();
  items_.clear();
  for (Output &o : outputs_) {
    gst_object_unref(o.src);
  }
}

void Player::schedule(std::vector<Item> items) {
  for (Item &item : items) {
    item.audio = item.audio && format_.audio;
    item.video = item.video && format_.video;
  }
  std::erase_if(items, [](const Item &i) { return !i.audio && !i.video; });
  std::lock_guard lock(schedule_mutex_);
  next_schedule_ = std::move(items);
}

std::unique_ptr<Player::Source> Player::make_source(const std::string &text, Item item,
                                                    bool filler) {
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(text.c_str(), &error);
  if (error) {
    std::string message = error->message;
    g_clear_error(&error);
    if (pipeline)
      gst_object_unref(pipeline);
    throw std::runtime_error(message);
  }
  auto source = std::make_unique<Source>();
  source->player = this;
  source->item = std::move(item);
  source->filler = filler;
  source->pipeline = pipeline;
  source->bus = gst_element_get_bus(pipeline);
  for (Media m : {audio, video})
    if (source->has(m))
      attach(*source, m);
  return source;
}

void Player::attach(Source &source, Media media) {
  GstElement *sink =
      gst_bin_get_by_name(GST_BIN(source.pipeline), media == audio ? "audio" : "video");
  if (!sink)
    throw std::runtime_error("playlist-producer: a source lost its appsink");
  source.taps[media] = {&source, media};
  GstAppSinkCallbacks callbacks = {};
  callbacks.new_sample = [](GstAppSink *s, gpointer data) {
    auto *tap = static_cast<Source::Tap *>(data);
    GstSample *sample = gst_app_sink_pull_sample(s);
    if (!sample)
      return GST_FLOW_EOS;
    const GstFlowReturn ret = tap->source->player->push(*tap->source, tap->media, sample);
    gst_sample_unref(sample);
    return ret;
  };
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, &source.taps[media],
                             nullptr);
  gst_object_unref(sink);
}

GstFlowReturn Player::push(Source &source, Media media, GstSample *sample) {
  GstBuffer *buffer = gst_sample_get_buffer(sample);
  const GstSegment *segment = gst_sample_get_segment(sample);
  if (!buffer || !segment || !GST_BUFFER_PTS_IS_VALID(buffer))
    return GST_FLOW_OK;
  const GstClockTime running =
      gst_segment_to_running_time(segment, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
  if (!GST_CLOCK_TIME_IS_VALID(running))
    return GST_FLOW_OK;
  // Both pipelines run on one clock: their running times differ by the
  // difference of their base times.
  const GstClockTimeDiff stamp =
      static_cast<GstClockTimeDiff>(running) +
      GST_CLOCK_DIFF(gst_element_get_base_time(outer_),
                     gst_element_get_base_time(source.pipeline));
  const GstClockTimeDiff duration =
      GST_BUFFER_DURATION_IS_VALID(buffer)
          ? static_cast<GstClockTimeDiff>(GST_BUFFER_DURATION(buffer))
          : 0;
  if (stamp < 0)
    return GST_FLOW_OK;
  std::lock_guard lock(gate_);
  if (source.filler) {
    for (const auto &item : items_)
      if (item->owns && item->has(media) && stamp < item->slot_end &&
          stamp + duration > item->slot_start)
        return GST_FLOW_OK; // an item plays here
  } else if (!source.owns || stamp < source.slot_start || stamp >= source.slot_end) {
    return GST_FLOW_OK; // outside its slot: the filler's or the next item's
  }
  Output &out = outputs_[media];
  // Timestamps only grow; a buffer may overlap the last one by a rounding
  // (Matroska's are in milliseconds, a decoder's durations in samples),
  // not more: that would be another source's time.
  if (stamp <= out.start || stamp + overlap < out.end)
    return GST_FLOW_OK;
  out.start = stamp;
  out.end = std::max(out.end, stamp + duration);
  GstBuffer *copy = gst_buffer_copy(buffer); // shares the memory
  GST_BUFFER_PTS(copy) = static_cast<GstClockTime>(stamp);
  GST_BUFFER_DTS(copy) = GST_CLOCK_TIME_NONE;
  // Pushed under the gate, so two sources' buffers keep their order.
  gst_app_src_push_buffer(GST_APP_SRC(out.src), copy);
  return GST_FLOW_OK;
}

GstClockTime Player::now_running(GstClock *clock) const {
  return gst_clock_get_time(clock) - gst_element_get_base_time(outer_);
}

GstClockTimeDiff Player::running_of(int64_t unix_ns, GstClockTime now) const {
  return unix_ns - g_get_real_time() * 1000 + static_cast<GstClockTimeDiff>(now);
}

void Player::start_filler(GstClock *clock) {
  gst_pipeline_use_clock(GST_PIPELINE(filler_->pipeline), clock);
  gst_pipeline_set_latency(GST_PIPELINE(filler_->pipeline), format_.latency());
  gst_element_set_state(filler_->pipeline, GST_STATE_PLAYING);
  filler_->stage = Source::Stage::playing;
}

void Player::prepare(const Item &item, GstClockTime now) {
  GstClockTimeDiff start = running_of(item.start_ns, now);
  const GstClockTimeDiff end = running_of(item.end_ns, now);
  int64_t offset = item.offset_ns;
  const GstClockTimeDiff earliest = static_cast<GstClockTimeDiff>(now) + join_lead;
  if (start < earliest) {
    offset += earliest - start;
    start = earliest;
  }
  if (end <= start)
    return;
  // Rendered as late as the live filler's are, so the two sources' samples
  // of one moment reach the gate at the same moment.
  const std::string sink_timing =
      " sync=true ts-offset=" + std::to_string(format_.latency());
  std::string text = "uridecodebin name=decode";
  if (item.audio)
    text += " decode. ! audioconvert ! audioresample ! " + format_.audio_caps() +
            " ! queue ! appsink name=audio" + sink_timing + " max-buffers=50";
  if (item.video)
    text += " decode. ! videoconvert ! videoscale add-borders=true ! videorate ! " +
            format_.video_caps() + " ! queue ! appsink name=video" + sink_timing +
            " max-buffers=10";
  std::unique_ptr<Source> source;
  try {
    source = make_source(text, item, false);
  } catch (const std::exception &e) {
    host_.message(FLU_MESSAGE_WARNING, "playlist-item",
                  item.where + ": '" + item.uri + "' cannot be played: " + e.what());
    return;
  }
  GstElement *decode = gst_bin_get_by_name(GST_BIN(source->pipeline), "decode");
  g_object_set(decode, "uri", item.uri.c_str(), nullptr);
  gst_object_unref(decode);
  source->file_offset = offset;
  source->slot_start = start;
  source->slot_end = end;
  gst_element_set_state(source->pipeline, GST_STATE_PAUSED);
  std::lock_guard lock(gate_);
  items_.push_back(std::move(source));
}

void Player::advance(Source &source) {
  while (GstMessage *message = gst_bus_pop(source.bus)) {
    switch (GST_MESSAGE_TYPE(message)) {
    case GST_MESSAGE_ASYNC_DONE:
      if (source.stage == Source::Stage::prerolling) {
        GstClockTimeDiff length;
        {
          std::lock_guard lock(gate_);
          length = source.slot_end - source.slot_start;
        }
        gst_element_seek(
            source.pipeline, 1.0, GST_FORMAT_TIME,
            static_cast<GstSeekFlags>(GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE),
            GST_SEEK_TYPE_SET, source.file_offset, GST_SEEK_TYPE_SET,
            source.file_offset + length);
        source.stage = Source::Stage::seeking;
      } else if (source.stage == Source::Stage::seeking) {
        // Its running time 0 (the offset) falls on its slot's start.
        GstClock *clock = gst_element_get_clock(outer_);
        if (clock) {
          gst_pipeline_use_clock(GST_PIPELINE(source.pipeline), clock);
          gst_object_unref(clock);
        }
        gst_element_set_start_time(source.pipeline, GST_CLOCK_TIME_NONE);
        {
          std::lock_guard lock(gate_);
          gst_element_set_base_time(source.pipeline, gst_element_get_base_time(outer_) +
                                                         source.slot_start);
          source.owns = true;
        }
        gst_element_set_state(source.pipeline, GST_STATE_PLAYING);
        source.stage = Source::Stage::playing;
      }
      break;
    case GST_MESSAGE_EOS:
      source.stage = Source::Stage::playing;
      {
        std::lock_guard lock(gate_);
        source.owns = false; // the filler takes over
        source.slot_end = source.slot_start;
      }
      break;
    case GST_MESSAGE_ERROR:
      host_.message(FLU_MESSAGE_WARNING, "playlist-item",
                    source.item.where + ": '" + source.item.uri +
                        "' cannot be decoded: " + error_text(message) +
                        "; the filler plays instead");
      {
        std::lock_guard lock(gate_);
        source.owns = false;
        source.slot_end = source.slot_start;
      }
      break;
    default:
      break;
    }
    gst_message_unref(message);
  }
}

void Player::reconcile(GstClockTime now) {
  std::optional<std::vector<Item>> next;
  {
    std::lock_guard lock(schedule_mutex_);
    next.swap(next_schedule_);
  }
  if (!next)
    return;
  std::vector<std::unique_ptr<Source>> gone;
  {
    std::lock_guard lock(gate_);
    for (auto it = items_.begin(); it != items_.end();) {
      Source &source = **it;
      auto same = std::find_if(next->begin(), next->end(),
                               [&](const Item &i) { return i.same(source.item); });
      if (same != next->end() && same->end_ns <= source.item.end_ns) {
        // Still scheduled: it goes on, cut short if it now ends earlier.
        source.slot_end = std::min(source.slot_end, running_of(same->end_ns, now));
        source.item.end_ns = same->end_ns;
        next->erase(same);
        ++it;
      } else {
        source.owns = false;
        gone.push_back(std::move(*it));
        it = items_.erase(it);
      }
    }
  }
  gone.clear(); // to NULL outside the gate: their streaming threads take it
  pending_ = std::move(*next);
}

void Player::publish(GstClockTime now) {
  std::string playing;
  {
    std::lock_guard lock(gate_);
    for (const auto &item : items_)
      if (item->owns && item->slot_start <= GstClockTimeDiff(now) &&
          GstClockTimeDiff(now) < item->slot_end)
        playing = item->item.uri;
  }
  if (playing != published_) {
    published_ = playing;
    host_.ui_state("playing", playing);
  }
}

void Player::run() {
  GstClock *clock = nullptr;
  size_t scheduled = SIZE_MAX;
  while (!stopping_) {
    g_usleep(tick / GST_USECOND);
    if (!clock) {
      // Start once the component's pipeline plays on its clock.
      GstState state = GST_STATE_NULL, pending = GST_STATE_VOID_PENDING;
      gst_element_get_state(outer_, &state, &pending, 0);
      if (state != GST_STATE_PLAYING && pending != GST_STATE_PLAYING)
        continue;
      clock = gst_element_get_clock(outer_);
      if (!clock)
        continue;
      start_filler(clock);
    }
    const GstClockTime now = now_running(clock);
    reconcile(now);
    while (!pending_.empty()) {
      const Item &next = pending_.front();
      if (running_of(next.end_ns, now) <= GstClockTimeDiff(now) + join_lead) {
        pending_.erase(pending_.begin()); // over, or nearly
      } else if (running_of(next.start_ns, now) - GstClockTimeDiff(now) < prepare_lead) {
        prepare(next, now);
        pending_.erase(pending_.begin());
      } else {
        break;
      }
    }
    std::vector<std::unique_ptr<Source>> done;
    for (auto &source : items_)
      advance(*source);
    {
      std::lock_guard lock(gate_);
      for (auto it = items_.begin(); it != items_.end();) {
        // Over: past its slot (its end of stream may lag), or ended early.
        const bool over = (*it)->slot_end <= (*it)->slot_start ||
                          GstClockTimeDiff(now) > (*it)->slot_end + GST_SECOND;
        if (over) {
          (*it)->owns = false;
          done.push_back(std::move(*it));
          it = items_.erase(it);
        } else {
          ++it;
        }
      }
    }
    done.clear();
    publish(now);
    if (pending_.size() + items_.size() != scheduled) {
      scheduled = pending_.size() + items_.size();
      host_.ui_state("scheduled", std::to_string(scheduled));
    }
    while (GstMessage *message = gst_bus_pop(filler_->bus)) {
      if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR)
        host_.message(FLU_MESSAGE_ERROR, "playlist-filler",
                      "the filler cannot play: " + error_text(message));
      gst_message_unref(message);
    }
  }
  if (clock)
    gst_object_unref(clock);
}

} // namespace flu::modules::playlist
