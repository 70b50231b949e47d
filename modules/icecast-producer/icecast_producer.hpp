// icecast-producer: Flumotion's producer pulling a stream over HTTP(S) from
// Icecast or any HTTP live server, reconnecting with back-off while the
// source is away (see pull.hpp); over https:// the server's certificate
// must verify against the system's CA certificates or `ca-file`'s (see
// tls_check.hpp). Decoded, feeder `default` carries the
// stream's raw audio with the common audio properties and a level meter;
// with `passthrough`, the encoded stream untouched in its own container
// (see remux.hpp), which an http-streamer serves directly or an
// av-generic-decoder turns into raw audio and video.
#pragma once

#include "remux.hpp"
#include "tls_check.hpp"
#include <flu/sdk/pull.hpp>

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>

namespace flu::modules {

class IcecastProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  IcecastProducer(const sdk::Host &host, GstElement *pipeline);

private:
  std::unique_ptr<sdk::LevelMeter> meter_;
  std::unique_ptr<Remux> remux_; // outlives the pull, whose connections use it
  TlsDatabase tls_;              // ca-file's; outlives the pull too
  std::unique_ptr<sdk::Pull> pull_;
};

// The URL checked: http or https with a host; throws naming it otherwise.
std::string checked_url(const std::string &url);

} // namespace flu::modules
