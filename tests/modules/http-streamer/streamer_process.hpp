// The http-streamer in a standalone flu-job on a free port, for the module's
// tests: the feeds it eats and the process, ready once it serves.
#pragma once

#include "../standalone_job.hpp"

#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace flu::modules::test {

// Eater fragments that imitate the host's eater: a muxed feed through GDP.
inline const std::string webm_video_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! webmmux streamable=true "
    "! gdppay ! gdpdepay";
// Audio and video, about 2.5 Mbit/s (noise at a high target bitrate), with a
// keyframe every second: a late joiner lands mid-GOP.
inline const std::string webm_av_feed =
    "audiotestsrc is-live=true ! opusenc ! queue ! mux. "
    "videotestsrc is-live=true pattern=snow ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 target-bitrate=2000000 ! queue "
    "! webmmux name=mux streamable=true ! gdppay ! gdpdepay";
inline const std::string ogg_av_feed =
    "audiotestsrc is-live=true ! audioconvert ! vorbisenc ! queue ! mux. "
    "videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 ! "
    "theoraenc "
    "! queue ! oggmux name=mux ! gdppay ! gdpdepay";
inline const std::string ogg_audio_feed =
    "audiotestsrc is-live=true ! audioconvert ! vorbisenc ! oggmux ! gdppay ! gdpdepay";

inline const std::string mount = "/live.webm";

// A streamer on a free port (port=0), serving once its URL is announced and
// the first buffers arrived.
class Streamer {
public:
  // `job_args` go to flu-job as they are (--bouncer...).
  explicit Streamer(const std::string &feed, std::vector<std::string> properties = {},
                    std::vector<std::string> job_args = {}) {
    std::vector<std::string> args = {"--type",  "http-streamer",  "--property",
                                     "port=0",  "--property",     "mount-point=" + mount,
                                     "--eater", "default=" + feed};
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    args.insert(args.end(), job_args.begin(), job_args.end());
    job_ = std::make_unique<StandaloneJob>(dir_, args);
    const std::regex url("Streaming at http://localhost:([0-9]+)" + mount);
    BOOST_TEST_REQUIRE(job_->wait_until(
                           [&] {
                             std::smatch m;
                             const std::string out = job_->output();
                             if (!std::regex_search(out, m, url) ||
                                 !contains(out, "serving "))
                               return false;
                             port_ = std::stoi(m[1]);
                             return true;
                           },
                           20s),
                       FLU_LATER(job_->output()));
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + mount; }
  StandaloneJob &job() { return *job_; }
  const ScratchDir &dir() const { return dir_; }

private:
  ScratchDir dir_;
  std::unique_ptr<StandaloneJob> job_;
  int port_ = 0;
};

} // namespace flu::modules::test
