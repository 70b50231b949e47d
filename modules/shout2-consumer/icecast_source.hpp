// An Icecast source connection: Icecast's HTTP PUT source protocol
// (Icecast 2.4), on a thread of its own with Asio. It logs in with the
// mount's password and the stream's name, description, genre and URL, then
// sends the stream's headers and, from a sync point (a keyframe) on, the
// stream. When the server goes away or refuses, it tries again with
// back-off (1 s doubling up to 30 s); an operator gets a message naming the
// server, the mount and the reason, once per cause.
#pragma once

#include <flu/sdk/bytes.hpp>

#include <flu/module.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::shout2_consumer {

// Bytes that stay valid while `keep` lives (a mapped GstBuffer).
using Bytes = flu::sdk::SharedBytes;

struct StreamFormat {
  std::string content_type;
  std::vector<Bytes> headers;
};

struct IcecastSettings {
  std::string host;
  uint16_t port = 8000;
  std::string mount;
  std::string username = "source";
  std::string password;
  std::string name, description, genre, url;
  bool is_public = false;
  size_t queue_limit_bytes = 4u << 20;
};

struct IcecastReport {
  std::function<void(flu_message_level, const std::string &id, const std::string &)>
      message;
  std::function<void(const std::string &key, const std::string &value)> ui;
  std::function<void(flu_log_level, const std::string &)> log;
};

class IcecastSource {
public:
  IcecastSource(IcecastSettings settings, IcecastReport report);
  ~IcecastSource();
  IcecastSource(const IcecastSource &) = delete;
  IcecastSource &operator=(const IcecastSource &) = delete;

  // From the streaming thread.
  void format(StreamFormat format);
  void piece(Bytes bytes, bool sync);

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::shout2_consumer
