// flu::sdk::Pull: a network source in a pipeline of its own that reconnects
// by itself (icecast-producer, rtsp-producer, srt-producer). Link
// Flu::sdk-pull. Its samples go to appsrc elements of the component's pipeline,
// their time mapped onto that pipeline's clock afresh at each connection and
// never going back.
//
// Why a pipeline of its own: an error on the job's pipeline turns the
// component sad for good (Flumotion's rule), while a source that goes away
// is to be waited for and picked up again without an operator. Errors of the
// inner pipeline turn the component hungry (ABI 1.5; a warning on an older
// host) with a message naming the source and GStreamer's reason
// (souphttpsrc's carries the HTTP status), then a new try after a back-off
// of 1 s doubling to 30 s; happy again once data flows. UI state `source`
// says connected or reconnecting, `reconnects` counts the tries. The source element's own
// warnings (a source that retries by itself) are passed on, each once per
// connection, and so is a connection that carried nothing for too long.
#pragma once

#include <flu/sdk.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flu::sdk {

// How a Pull treats its source (a nested struct could not be a default
// argument of Pull's constructor).
struct PullOptions {
  // Runs on each new inner pipeline before it plays.
  std::function<void(GstElement *)> prepare;
  // The protocol whose status codes the source reports ("404" becomes
  // "HTTP 404").
  std::string protocol = "HTTP";
  // When no data has come this long after a connection began, the
  // component turns hungry saying so with `silent_reason` (a source that
  // waits quietly, as srtsrc does for a peer or on a wrong passphrase), and
  // when data stops this long, saying that; the connection goes on.
  GstClockTime connect_limit = GST_CLOCK_TIME_NONE;
  std::string silent_reason = "no data";
  // When a connection fails, may say more about why than the source
  // element did (an https pull whose certificate does not verify:
  // souphttpsrc says only that its data stopped). Given the element's
  // reason; "" keeps it. Runs on the pull's thread before the back-off.
  std::function<std::string(const std::string &why)> diagnose;
};

class Pull {
public:
  struct Route {
    std::string sink; // appsink name in the inner pipeline
    std::string src;  // appsrc name in the component's pipeline
    // A muxed byte stream: every buffer goes on (dropping one would break
    // the container); raw media drops what would go back in time.
    bool muxed = false;
    // Encoded frames (an elementary stream passed through): none dropped
    // for going back in time (B-frames do), but none sent before the
    // component's pipeline has a clock to stamp them with, and none before
    // the connection's first key frame (a server joined mid-stream).
    bool encoded = false;
  };
  using Options = PullOptions;
  // `description` is the inner pipeline (gst-launch text; its source
  // element named flu-source, whose errors are preferred). `where` names
  // the source in messages.
  Pull(const Host &host, GstElement *outer, std::string description,
       std::vector<Route> routes, std::string where, Options options = {});
  ~Pull();
  Pull(const Pull &) = delete;
  Pull &operator=(const Pull &) = delete;

private:
  struct Branch {
    Pull *pull = nullptr;
    bool muxed = false;
    bool encoded = false;
    bool keyed = false; // this connection's first key frame has gone on
    GstElement *src = nullptr;
    GstCaps *caps = nullptr;
    GstClockTime end = GST_CLOCK_TIME_NONE;
  };

  void run();
  // One connection: until it fails (its reason) or the pull stops ("").
  std::string connect_once();
  GstFlowReturn push(Branch &branch, GstSample *sample);
  bool wait(GstClockTime how_long);
  std::chrono::steady_clock::time_point last_data() const;
  // The source is not there (id: the warning's, for an older host).
  void waiting(const char *id, const std::string &why);

  Host host_;
  GstElement *outer_;
  std::string description_;
  std::vector<Route> routes_;
  std::string where_;
  Options options_;
  std::vector<Branch> branches_;
  std::mutex mutex_;
  bool mapped_ = false;
  GstClockTimeDiff delta_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> flowing_{false};
  bool hungry_ = false; // the component said so (the pull's thread only)
  // When the last sample went on (steady clock, its epoch's ticks).
  std::atomic<std::chrono::steady_clock::rep> last_data_ns_{0};
  std::thread thread_;
};

} // namespace flu::sdk
