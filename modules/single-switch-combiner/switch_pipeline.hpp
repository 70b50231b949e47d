// What a switch combiner's pipeline looks like: one input-selector per
// stream (one for a single switch, video and audio for an A/V switch), each
// with a branch per logical feed (master, backup) behind the feed's eater.
#pragma once

#include <flu/sdk.hpp>

#include <string>
#include <vector>

namespace flu::modules {

enum class SwitchMedia { single, av };

// One selector and the eaters that enter it, in the order of the logical
// feeds (master first, then backup).
struct SwitchStream {
  std::string selector; // element name
  std::string feeder;   // feeder name
  std::vector<std::string> eaters;
};

// The logical feeds, in order of preference: {"master", "backup"}.
const std::vector<std::string> &logical_feeds();

std::vector<SwitchStream> switch_streams(SwitchMedia media);

// The name of the queue each eater's branch starts with: where the combiner
// watches the branch and puts its buffers on one timeline.
std::string branch_queue(const std::string &eater);

// The A/V types' level element, after the audio selector.
inline constexpr const char *audio_level_element = "flu-level-audio";

// The gst-launch text, with the A/V switch's video-* and audio-* output
// properties turned into caps each branch is converted to.
std::string switch_pipeline(const sdk::Host &config, SwitchMedia media);

} // namespace flu::modules
