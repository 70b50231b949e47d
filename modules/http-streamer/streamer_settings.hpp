// The http-streamer's properties, read once from the component's config.
// Every limit has a default here and a property in entry.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace flu::http_streamer {

struct StreamerSettings {
  // Where the player page is: "/live.webm" → "/live.webm.html", "/" → "/index.html".
  std::string player_path() const {
    return mount_point == "/" ? "/index.html" : mount_point + ".html";
  }

  uint16_t port = 8800;
  std::string mount_point = "/";
  std::string hostname = "localhost";
  int64_t client_limit = 1000; // already capped by the fd limit
  bool burst_on_connect = true;
  uint64_t burst_max_bytes = 2u << 20;      // largest GOP sent as a burst
  uint64_t max_client_lag_bytes = 8u << 20; // a client further behind is dropped
  std::chrono::seconds timeout{0}; // no write progress for this long: drop (0 = never)
  std::chrono::seconds request_timeout{10}; // to receive a request head
  uint64_t bandwidth_limit_bps = 0;         // 0 = none
  // Where a viewer past either limit goes (302) instead of a 503: one of
  // these edges' URLs that answers (edge_choice.hpp); empty: none.
  std::vector<std::string> redirect_on_overflow;
  // ...and the planet's http-streamers ("/flow/name") among which the least
  // loaded takes the viewer first.
  std::vector<std::string> redirect_components;
  size_t max_request_bytes = 8192;
  std::string bouncer; // the planet's bouncer that lets viewers in ("": everyone)
  // type "slave": no port of its own, viewers come from a porter
  // (porter_link.hpp) through HttpServer::take_connection().
  bool behind_porter = false;
  std::string porter_socket_path;
  std::string porter_username;
  std::string porter_password;
  // Access log (Flumotion's requestlogger-file): "" for none.
  std::string access_log;
  uint64_t access_log_max_bytes = 0;
  std::vector<std::string> trusted_proxies; // whose X-Forwarded-For is believed
  bool player_page = false; // an HTML5 page playing the stream at player_path()
  std::string cors_origin;  // Access-Control-Allow-Origin, "" for none
};

} // namespace flu::http_streamer
