// The flow clock (see flow_clock.hpp and docs/clock.md).
#include "flow_clock.hpp"
#include "steady_ms.hpp"

#include "i18n/translate.hpp"

#include <gst/net/gstnet.h>

#include <boost/asio/post.hpp>

#include <chrono>
#include <cstdio>

namespace flu::job {
namespace {

using namespace std::chrono_literals;

constexpr auto watch_period = 250ms;
// Silence after which a slave says it lost the master: the net client
// clock asks several times a second, so this is many missed answers.
constexpr int64_t lost_after_ms = 3000;
// How long a slave waits for its first answer before saying so.
constexpr int64_t no_answer_after_ms = 5000;
const char *const note_id = "clock-master";

GstClock *realtime_clock() {
  GstClock *clock = gst_system_clock_obtain();
  g_object_set(clock, "clock-type", GST_CLOCK_TYPE_REALTIME, nullptr);
  return clock;
}

// The base time alone decides running time: no start time of our own.
void run_on(GstElement *pipeline, GstClock *clock, uint64_t base_time_ns) {
  gst_pipeline_use_clock(GST_PIPELINE(pipeline), clock);
  gst_element_set_start_time(pipeline, GST_CLOCK_TIME_NONE);
  gst_element_set_base_time(pipeline, base_time_ns);
}

std::string ms_text(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", ms);
  return text;
}

// What the net clock's "synced" signal needs to reach the job's thread.
struct SyncedTarget {
  FlowClock *self;
  std::weak_ptr<bool> alive;
  boost::asio::io_context *io;
};

} // namespace

FlowClock::FlowClock(boost::asio::io_context &io, Hooks hooks)
    : io_(io), hooks_(std::move(hooks)), timer_(io) {}

FlowClock::~FlowClock() { stop(); }

void FlowClock::stop() {
  *alive_ = false;
  timer_.cancel();
  if (net_clock_)
    stop_following();
  if (provider_) {
    gst_object_unref(provider_);
    provider_ = nullptr;
  }
  pipeline_ = nullptr;
  play_ = nullptr;
}

void FlowClock::on_message(const message::FlowClock &m) {
  word_ = m;
  if (m.master) {
    if (!provider_)
      publish(m.port);
    return;
  }
  const std::string master = m.host + ":" + std::to_string(m.port);
  if (m.host.empty()) {
    if (locked_ && !lost_) {
      lost_ = true;
      hooks_.note(i18n::plain(message::NoteLevel::warning, note_id,
                              "the clock master at " + master_ +
                                  " has gone; this job's clock runs on at its last "
                                  "rate until the master returns"));
    }
    return;
  }
  if (master == master_ || !pipeline_)
    return; // the same master (it answers again by itself), or not attached yet
  if (!locked_) {
    follow(m.host, m.port); // still waiting to play: follow the new one instead
    return;
  }
  // A playing pipeline cannot change clocks without a jump in its timestamps.
  hooks_.note(i18n::plain(message::NoteLevel::warning, note_id,
                          "the clock master moved to " + master + "; this job keeps " +
                              master_ + "'s clock until it restarts"));
}

void FlowClock::attach(GstElement *pipeline, uint64_t base_time_ns,
                       std::function<void()> play) {
  if (!base_time_ns)
    return play();
  if (!word_ || word_->master) {
    GstClock *clock = realtime_clock();
    run_on(pipeline, clock, base_time_ns);
    gst_object_unref(clock);
    return play();
  }
  pipeline_ = pipeline;
  base_time_ns_ = base_time_ns;
  play_ = std::move(play);
  if (!word_->host.empty())
    return follow(word_->host, word_->port);
  said_waiting_ = true;
  hooks_.note(i18n::plain(message::NoteLevel::info, note_id,
                          "waiting for the flow's clock master to publish its clock"));
}

// The master: the realtime clock its own pipeline runs on, on the network.
// The port it had before if it can (slaves keep following it), else any.
void FlowClock::publish(uint16_t port) {
  GstClock *clock = realtime_clock();
  provider_ = gst_net_time_provider_new(clock, nullptr, port);
  if (!provider_ && port)
    provider_ = gst_net_time_provider_new(clock, nullptr, 0);
  gst_object_unref(clock);
  if (!provider_) {
    hooks_.note(i18n::plain(message::NoteLevel::error, note_id,
                            "cannot publish the flow's clock: no UDP port to bind"));
    return;
  }
  int bound = 0;
  g_object_get(provider_, "port", &bound, nullptr);
  hooks_.log("publishing the flow's clock on UDP port " + std::to_string(bound));
  hooks_.ui("clock-master-port", std::to_string(bound));
}

void FlowClock::follow(const std::string &host, uint16_t port) {
  if (net_clock_)
    stop_following();
  master_ = host + ":" + std::to_string(port);
  asked_ms_ = steady_ms();
  last_answer_ms_ = 0;
  GstClock *local = realtime_clock();
  const GstClockTime now = gst_clock_get_time(local);
  gst_object_unref(local);
  net_clock_ = gst_net_client_clock_new("flu-flow-clock", host.c_str(), port, now);
  stats_bus_ = gst_bus_new();
  g_object_set(net_clock_, "bus", stats_bus_, nullptr);
  hooks_.log("following the clock master at " + master_);
  hooks_.ui("clock-master", master_);

  auto *target = new SyncedTarget{this, alive_, &io_};
  synced_target_ = target;
  g_signal_connect_data(
      net_clock_, "synced", G_CALLBACK(+[](GstClock *, gboolean synced, gpointer data) {
        if (!synced)
          return;
        auto *t = static_cast<SyncedTarget *>(data);
        boost::asio::post(*t->io, [self = t->self, alive = t->alive] {
          if (const auto a = alive.lock(); a && *a)
            self->on_synced();
        });
      }),
      target,
      +[](gpointer data, GClosure *) { delete static_cast<SyncedTarget *>(data); },
      GConnectFlags(0));
  if (gst_clock_is_synced(net_clock_))
    boost::asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
      if (const auto a = alive.lock(); a && *a)
        on_synced();
    });
  timer_.cancel();
  watch();
}

void FlowClock::stop_following() {
  g_signal_handlers_disconnect_matched(net_clock_, G_SIGNAL_MATCH_DATA, 0, 0, nullptr,
                                       nullptr, synced_target_);
  synced_target_ = nullptr;
  gst_object_unref(net_clock_);
  net_clock_ = nullptr;
  gst_object_unref(stats_bus_);
  stats_bus_ = nullptr;
}

void FlowClock::on_synced() {
  if (locked_ || !pipeline_ || !net_clock_ || !gst_clock_is_synced(net_clock_))
    return;
  locked_ = true;
  const int64_t lock_ms = steady_ms() - asked_ms_;
  hooks_.ui("clock-lock-ms", std::to_string(lock_ms));
  hooks_.log("locked to the clock master at " + master_ + " in " +
             std::to_string(lock_ms) + " ms");
  if (said_waiting_ || lost_)
    hooks_.note(i18n::plain(message::NoteLevel::info, note_id,
                            "running on the clock of the master at " + master_));
  lost_ = false;
  run_on(pipeline_, net_clock_, base_time_ns_);
  if (auto play = std::move(play_))
    play();
}

void FlowClock::watch() {
  while (GstMessage *m = gst_bus_pop_filtered(stats_bus_, GST_MESSAGE_ELEMENT)) {
    if (const GstStructure *s = gst_message_get_structure(m);
        s && gst_structure_has_name(s, "gst-netclock-statistics"))
      statistics(s);
    gst_message_unref(m);
  }
  const int64_t now = steady_ms();
  const int64_t since = now - (last_answer_ms_ ? last_answer_ms_ : asked_ms_);
  if (locked_ && !lost_ && since > lost_after_ms) {
    lost_ = true;
    hooks_.note(i18n::plain(message::NoteLevel::warning, note_id,
                            "lost the clock master at " + master_ + ": no answer for " +
                                std::to_string(since / 1000) +
                                " s; this job's clock runs on at its last rate"));
  } else if (!locked_ && !last_answer_ms_ && since > no_answer_after_ms && !lost_) {
    lost_ = true;
    hooks_.note(i18n::plain(message::NoteLevel::warning, note_id,
                            "no answer from the clock master at " + master_ +
                                "; the pipeline waits for its clock"));
  }
  timer_.expires_after(watch_period);
  timer_.async_wait([this](auto ec) {
    if (!ec && stats_bus_)
      watch();
  });
}

void FlowClock::statistics(const GstStructure *s) {
  last_answer_ms_ = steady_ms();
  GstClockTime rtt = GST_CLOCK_TIME_NONE;
  if (gst_structure_get_clock_time(s, "rtt-average", &rtt) &&
      GST_CLOCK_TIME_IS_VALID(rtt))
    hooks_.ui("clock-rtt-ms", ms_text(double(rtt) / 1e6));
  if (lost_ && locked_) {
    lost_ = false;
    hooks_.note(i18n::plain(message::NoteLevel::info, note_id,
                            "the clock master at " + master_ + " answers again"));
  }
}

} // namespace flu::job
