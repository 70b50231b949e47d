// WHEP signalling (draft-ietf-wish-whep) on the component's own port, with
// Asio and Beast on a thread of its own:
//
//   POST MOUNT          (application/sdp offer)  → 201, the answer, Location
//   DELETE MOUNT/ID                              → 200, the viewer is gone
//   OPTIONS MOUNT[/ID]                           → 204, CORS preflight
//   PATCH MOUNT/ID      (trickle ICE: not taken) → 405
//
// The server keeps the table of viewers (one Peer each) and every HTTP
// answer; the component gives it a way to make a Peer and the host's
// services (bouncer, UI state). Beast parses every request; the offer is
// read by GstSDP (sdp_offer.hpp) inside the factory.
#pragma once

#include "peer.hpp"

#include <flu/module.h>
#include <flu/sdk/viewer_auth.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::webrtc_streamer {

struct WhepSettings {
  uint16_t port = 0;
  std::string mount = "/";
  int64_t client_limit = 0; // 0: no limit
  std::string cors_origin;  // "": no CORS headers
  bool authorize = false;   // a bouncer lets viewers in
  bool player_page = false; // serve player_page() at player_page_path()
  std::chrono::milliseconds gather_timeout{5000};
  std::chrono::seconds request_timeout{10};
  // Proxies whose X-Forwarded-For names the viewer (normalised addresses).
  std::vector<std::string> trusted_proxies;
  std::string access_log; // "" for none
  uint64_t access_log_max_bytes = 0;
};

struct WhepStats {
  uint64_t viewers = 0;
  uint64_t peak = 0;
  uint64_t bytes_sent = 0;
  uint64_t refused = 0;
};

// Throws OfferError for an offer a viewer of this stream cannot use (400),
// any other exception when no viewer can be taken now (503).
using PeerFactory = std::function<std::unique_ptr<Peer>(
    const std::string &id, const std::string &offer, Peer::Gone gone)>;

struct WhepHooks {
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(uint16_t port)> listening;
  std::function<void(const flu::sdk::KeycardFields &,
                     std::function<void(flu::sdk::AuthResult)>)>
      authorize;
  std::function<void(const WhepStats &)> stats; // about once a second, network thread
  PeerFactory make_peer;
};

struct ViewerInfo {
  std::string id;
  std::string address;
  int64_t connected_seconds = 0;
  uint64_t bytes_sent = 0;
  std::string keycard_id;
};

class WhepServer {
public:
  // Binds and starts serving; throws when the port cannot be had.
  WhepServer(WhepSettings settings, WhepHooks hooks);
  // Ends every viewer and joins the thread.
  ~WhepServer();
  WhepServer(const WhepServer &) = delete;
  WhepServer &operator=(const WhepServer &) = delete;

  std::vector<ViewerInfo> viewers();
  // Ends the viewer `id` now; false if there is none.
  bool disconnect(const std::string &id);
  void expire_keycard(const std::string &keycard_id);

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::webrtc_streamer
