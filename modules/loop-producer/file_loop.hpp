// FileLoop: a file decoded over and over in a pipeline of its own, its raw
// samples handed to appsrc elements of the component's pipeline as a live
// stream whose timestamps keep growing across loops.
//
// Why a pipeline of its own: the job owns the component pipeline's bus (it
// takes every message), while looping needs the demuxer's SEGMENT_DONE and
// the file's errors. The inner pipeline plays in real time (its appsinks
// sync to the clock) and loops with non-flushing segment seeks, as
// Flumotion's looper did, so each loop's running time starts where the last
// one ended: no gap, no reset. Its running time is mapped onto the outer
// pipeline's once, at the first sample, so both stay on the same clock.
#pragma once

#include <flu/sdk.hpp>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace flu::modules {

class FileLoop {
public:
  // `uri` is decoded; its audio goes to the appsrc named `audio_src` of
  // `outer` and its video to `video_src` (either "" when the file has none).
  FileLoop(const sdk::Host &host, GstElement *outer, const std::string &uri,
           const std::string &location, const std::string &audio_src,
           const std::string &video_src);
  ~FileLoop();
  FileLoop(const FileLoop &) = delete;
  FileLoop &operator=(const FileLoop &) = delete;

private:
  struct Branch {
    FileLoop *loop = nullptr;
    GstElement *src = nullptr;              // outer appsrc
    GstCaps *caps = nullptr;                // last caps set on it
    GstClockTime end = GST_CLOCK_TIME_NONE; // of the last buffer pushed
  };

  void run();
  bool seek(bool flush);
  void fail(const std::string &what);
  static GstFlowReturn on_sample(GstElement *sink, Branch *branch);
  GstFlowReturn push(Branch &branch, GstSample *sample);
  void attach(const char *sink_name, Branch &branch, const std::string &src_name);

  sdk::Host host_;
  GstElement *outer_;
  std::string location_;
  GstElement *inner_ = nullptr;
  Branch audio_, video_;
  std::mutex mutex_; // the mapping below
  bool mapped_ = false;
  GstClockTimeDiff delta_ = 0; // outer running time - inner running time
  std::atomic<bool> stopping_{false};
  std::atomic<GstClockTime> position_{0};
  std::thread thread_;
};

} // namespace flu::modules
