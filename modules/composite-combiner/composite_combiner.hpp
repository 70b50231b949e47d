// composite-combiner: any number of raw video feeds laid out on one picture
// (picture in picture, side by side, a grid) by GStreamer's compositor. Each
// input has a place (layout.hpp); `set-input INDEX KEY=VALUE...` moves it
// while the stream runs. An input whose producer dies leaves its last
// place empty-handed, not the picture stopped: the compositor runs live
// and skips inputs without data, and each input goes through the switch
// combiners' BranchTimeline, which keeps the reconnect's flush and the
// producer's EOS out.
#pragma once

#include "layout.hpp"
#include "timeline.hpp"

#include <flu/sdk.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flu::modules {

class CompositeCombiner {
public:
  static std::string pipeline(const sdk::Host &host);
  CompositeCombiner(const sdk::Host &host, GstElement *pipeline);
  ~CompositeCombiner();
  CompositeCombiner(const CompositeCombiner &) = delete;
  CompositeCombiner &operator=(const CompositeCombiner &) = delete;

  std::string invoke(const std::string &method, const std::vector<std::string> &args);

private:
  void apply(size_t index, const InputPlace &place);
  void publish(size_t index);

  const sdk::Host &host_;
  std::vector<GstPad *> pads_; // the compositor's sink pads, by input
  std::vector<std::unique_ptr<BranchTimeline>> timelines_;
};

} // namespace flu::modules
