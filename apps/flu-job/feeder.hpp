// One feeder of a component: the job's end of the feed connections that
// eaters open. The worker accepts an eater on its feed port and hands the
// socket over; the feeder adds it to a multifdsink behind gdppay, which
// sends the stream headers first and drops an eater that falls too far
// behind without slowing the others.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace flu::job {

class Feeder {
public:
  explicit Feeder(std::string name) : name_(std::move(name)) {}
  ~Feeder();

  // The gst-launch text that stands for @feeder:NAME@.
  static std::string endpoint(const std::string &feeder);

  void attach(GstElement *pipeline);
  // Takes ownership of fd. Kept waiting until the pipeline plays.
  void add_client(int fd);
  void pipeline_playing();

  const std::string &name() const { return name_; }
  // Bytes of media that entered the feeder (before GDP framing), counted by
  // a probe on the payloader; any thread.
  uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  // Eaters connected now.
  uint64_t clients() const;

private:
  std::string name_;
  GstElement *sink_ = nullptr;
  GstPad *counted_pad_ = nullptr;
  gulong probe_ = 0;
  gulong caps_probe_ = 0;
  gulong input_probe_ = 0;
  GstPad *paid_pad_ = nullptr; // gdppay's output
  gulong mark_probe_ = 0;
  std::atomic<bool> input_delta_{false}; // the payloader's input seen last
  std::atomic<uint64_t> bytes_{0};
  bool playing_ = false;
  std::vector<int> waiting_;
};

} // namespace flu::job
