// Pull: a network source in a pipeline of its own that reconnects by
// itself. Its samples go to appsrc elements of the component's pipeline,
// their time mapped onto that pipeline's clock afresh at each connection and
// never going back.
//
// Why a pipeline of its own: an error on the job's pipeline turns the
// component sad for good (Flumotion's rule), while a source that goes away
// is to be waited for and picked up again without an operator. Errors of the
// inner pipeline become warnings naming the source and GStreamer's reason
// (souphttpsrc's carries the HTTP status), then a new try after a back-off
// of 1 s doubling to 30 s; UI state `source` says connected or
// reconnecting, `reconnects` counts the tries.
#pragma once

#include <flu/sdk.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flu::modules {

class Pull {
public:
  struct Route {
    std::string sink; // appsink name in the inner pipeline
    std::string src;  // appsrc name in the component's pipeline
    // A muxed byte stream: every buffer goes on (dropping one would break
    // the container); raw media drops what would go back in time.
    bool muxed = false;
  };
  // `description` is the inner pipeline (gst-launch text; its source
  // element named flu-source, whose errors are preferred); `prepare`, when
  // set, runs on each new inner pipeline before it plays. `where` names the
  // source in messages.
  Pull(const sdk::Host &host, GstElement *outer, std::string description,
       std::vector<Route> routes, std::string where,
       std::function<void(GstElement *)> prepare = {});
  ~Pull();
  Pull(const Pull &) = delete;
  Pull &operator=(const Pull &) = delete;

private:
  struct Branch {
    Pull *pull = nullptr;
    bool muxed = false;
    GstElement *src = nullptr;
    GstCaps *caps = nullptr;
    GstClockTime end = GST_CLOCK_TIME_NONE;
  };

  void run();
  // One connection: until it fails (its reason) or the pull stops ("").
  std::string connect_once();
  GstFlowReturn push(Branch &branch, GstSample *sample);
  bool wait(GstClockTime how_long);

  sdk::Host host_;
  GstElement *outer_;
  std::string description_;
  std::vector<Route> routes_;
  std::string where_;
  std::function<void(GstElement *)> prepare_;
  std::vector<Branch> branches_;
  std::mutex mutex_;
  bool mapped_ = false;
  GstClockTimeDiff delta_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> flowing_{false};
  std::thread thread_;
};

} // namespace flu::modules
