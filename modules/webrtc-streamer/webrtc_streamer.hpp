// The webrtc-streamer component: viewers play the stream in a browser with
// sub-second latency, each over its own WebRTC peer connection, signalled by
// WHEP on the component's own port.
//
//   @eater:video@ ! queue ! tee     (VP8 or H.264, as it comes)
//   @eater:audio@ ! queue ! tee     (Opus; the eater is optional)
//
// Each viewer adds its own branch to each tee: a leaky queue, a payloader
// made with the payload type of the viewer's offer, and a webrtcbin (peer.hpp).
// The WhepServer (whep_server.hpp) keeps the viewers and the HTTP side; this
// class reads the properties, learns the codecs from the feeds' caps, and
// carries the host's services: the bouncer, the UI state, an admin's calls.
#pragma once

#include "peer.hpp"

#include <flu/sdk.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flu::webrtc_streamer {

class WhepServer;

class WebrtcStreamer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  WebrtcStreamer(const flu::sdk::Host &config, GstElement *pipeline);
  ~WebrtcStreamer();
  WebrtcStreamer(const WebrtcStreamer &) = delete;
  WebrtcStreamer &operator=(const WebrtcStreamer &) = delete;

  // "viewers" (one line each: id, address, seconds, bytes, keycard) and
  // "disconnect ID".
  std::string invoke(const std::string &method, const std::vector<std::string> &args);
  void keycard_expired(const std::string &keycard_id);

  struct Codecs; // what the feeds' caps said, shared with their probes

private:
  std::unique_ptr<Peer> make_peer(const std::string &id, const std::string &offer,
                                  Peer::Gone gone);

  flu::sdk::Host config_;
  Feeds feeds_;
  std::shared_ptr<Codecs> codecs_;
  std::unique_ptr<WhepServer> server_;
};

} // namespace flu::webrtc_streamer
