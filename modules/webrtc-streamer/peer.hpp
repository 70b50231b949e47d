// One viewer's peer connection: its own webrtcbin added to the running
// pipeline, fed from the stream's tees through a leaky queue and payloaders
// made with the payload types of the viewer's offer, and taken out again
// (tee pads released, elements stopped and removed) when the Peer goes.
#pragma once

#include "sdp_offer.hpp"

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::webrtc_streamer {

// The stream the peers are fed from; the tees belong to the pipeline.
struct Feeds {
  GstElement *pipeline = nullptr;
  GstElement *video_tee = nullptr;
  GstElement *audio_tee = nullptr; // null: no audio eater
  std::string video_codec;         // RTP encoding name: "VP8" or "H264"
  // Where ICE gathers host candidates; empty: every interface but loopback
  // (libnice's choice).
  std::vector<std::string> ice_addresses;
};

class Peer {
public:
  // `ok` false: `text` says why the offer could not be answered.
  using Answered = std::function<void(bool ok, std::string text)>;
  // The peer connection failed or was closed by the viewer (any thread).
  using Gone = std::function<void()>;

  Peer(const Feeds &feeds, const std::string &id, const OfferedCodecs &codecs, Gone gone);
  ~Peer();
  Peer(const Peer &) = delete;
  Peer &operator=(const Peer &) = delete;

  // Takes the viewer's offer and answers it; `answered` runs once, on a
  // GStreamer thread, when ICE gathering is complete (non-trickle WHEP).
  void answer(const std::string &offer, Answered answered);
  // The answer as it stands, for when gathering takes too long; "" before
  // the answer is made.
  std::string answer_so_far() const;

  uint64_t bytes_sent() const;

  struct State; // what the signal handlers share

private:
  struct Branch {
    GstElement *tee = nullptr;
    GstPad *tee_pad = nullptr;
    GstElement *queue = nullptr;
    GstElement *payloader = nullptr;
  };
  void build(const Feeds &feeds, const std::string &id, const OfferedCodecs &codecs,
             Gone gone);
  void teardown();
  void add_branch(Branch &branch, GstElement *tee, const std::string &payloader,
                  const std::string &caps, bool wait_for_keyframe);
  void remove_branch(Branch &branch);

  GstElement *pipeline_;
  GstElement *webrtc_ = nullptr;
  Branch video_, audio_;
  std::shared_ptr<State> state_;
};

} // namespace flu::webrtc_streamer
