// What the job hears from its pipeline's bus. Messages are taken on the
// thread that posts them (a sync handler: the job runs no GLib main loop)
// and handled on the job's event loop, where they become what the job acts
// on: a note for an error, a warning or the end of the stream (an error
// note makes the component sad), and the first time the pipeline plays.
#pragma once

#include "message/messages.hpp"

#include <flu/module.h>
#include <gst/gst.h>

#include <functional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::job {

class PipelineBus {
public:
  struct Events {
    std::function<void(const message::Note &)> note;
    std::function<void()> playing; // once, the first time
    std::function<void(flu_log_level, const std::string &)> log;
  };

  PipelineBus(boost::asio::io_context &io, Events events)
      : io_(io), events_(std::move(events)) {}

  // Starts handling the pipeline's bus messages. The pipeline must stay
  // alive until forget().
  void watch(GstElement *pipeline);
  // From now on the pipeline's messages are dropped (it is stopping).
  void forget() { pipeline_ = nullptr; }

private:
  void on_message(GstMessage *msg);

  boost::asio::io_context &io_;
  Events events_;
  GstElement *pipeline_ = nullptr;
  bool playing_ = false;
};

} // namespace flu::job
