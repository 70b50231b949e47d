// The flow clock: every job of a flow runs its pipeline on one clock from
// the same base time, which the manager keeps for the flow, so that
// timestamps from different processes (audio and video into one muxer, on
// one machine or several) line up. See docs/clock.md.
//
// Without a clock master that clock is each machine's own realtime clock:
// enough while the machines' clocks agree. With one (a FlowClock message
// from the manager, which arrives before the configuration), the master's
// job publishes its realtime clock on the network (GstNetTimeProvider) and
// every other job of the flow runs on a GstNetClientClock following it,
// playing only once that clock is synced. A slave that stops hearing from
// the master says so in a message (its clock runs on at the last rate
// meanwhile) and says so again when the master answers.
#pragma once

#include "message/messages.hpp"

#include <gst/gst.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

typedef struct _GstNetTimeProvider GstNetTimeProvider;

namespace flu::job {

class FlowClock {
public:
  struct Hooks {
    std::function<void(message::Note)> note;                          // main thread
    std::function<void(const std::string &, const std::string &)> ui; // any thread
    std::function<void(const std::string &)> log;                     // main thread
  };

  FlowClock(boost::asio::io_context &io, Hooks hooks);
  ~FlowClock();
  FlowClock(const FlowClock &) = delete;
  FlowClock &operator=(const FlowClock &) = delete;

  // The manager's word on this component's flow clock, any time.
  void on_message(const message::FlowClock &m);

  // Puts the pipeline on the flow clock (base_time_ns 0: no flow clock, it
  // keeps its own) and calls play() when it may play: at once, or once the
  // master's clock is synced.
  void attach(GstElement *pipeline, uint64_t base_time_ns, std::function<void()> play);

  void stop();

private:
  void publish(uint16_t port);
  void follow(const std::string &host, uint16_t port);
  void stop_following();
  void on_synced();
  void watch();
  void statistics(const GstStructure *s);

  boost::asio::io_context &io_;
  Hooks hooks_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::optional<message::FlowClock> word_; // the manager's latest
  GstElement *pipeline_ = nullptr;
  uint64_t base_time_ns_ = 0;
  std::function<void()> play_; // set while waiting to play

  GstNetTimeProvider *provider_ = nullptr; // master
  GstClock *net_clock_ = nullptr;          // slave
  GstBus *stats_bus_ = nullptr;            // the net clock's statistics
  void *synced_target_ = nullptr;          // its "synced" handler's data
  std::string master_;                     // "host:port" followed
  int64_t asked_ms_ = 0;                   // when the slave began to follow
  int64_t last_answer_ms_ = 0;             // the master's last answer
  bool locked_ = false;
  bool lost_ = false;
  bool said_waiting_ = false;
};

// Publishes, for each eater of the pipeline, how far ahead of the pipeline's
// running time its latest buffer's timestamp is ("clock-lead-ms:EATER-N",
// milliseconds, at most four times a second): where a muxer eats audio
// from one machine and video from another, the difference between the
// two is their clocks' disagreement, as the muxer sees it.
void watch_eater_leads(GstElement *pipeline,
                       std::function<void(const std::string &, const std::string &)> ui);

} // namespace flu::job
