// srt-producer: SRT ingest, the most requested ingest of today's peers. It
// calls a sender or listens for one, with latency and passphrase, and
// reconnects by itself (see pull.hpp). Feeder `default` carries the MPEG-TS
// as received; `audio` and `video` carry its streams decoded, normalised by
// the common A/V properties, or with `passthrough` encoded, as sent (parsed,
// from a key frame).
#pragma once

#include <flu/sdk/pull.hpp>

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>

namespace flu::modules {

class SrtProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  SrtProducer(const sdk::Host &host, GstElement *pipeline);

private:
  std::unique_ptr<sdk::LevelMeter> meter_;
  std::unique_ptr<sdk::Pull> pull_;
};

} // namespace flu::modules
