// The fgdp-producer component (Flumotion's fgdp-producer): feeds into this
// planet a feed that an fgdp-consumer of another planet sends over an FGDP
// link (fgdp_link.hpp). The feed arrives as GDP, so caps, timestamps and
// stream headers are those of the origin: an edge's streamers serve
// viewers who join late as the origin's do.
#pragma once

#include <flu/sdk.hpp>

#include <memory>
#include <string>

namespace flu::fgdp {

class Link;

class FgdpProducer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  FgdpProducer(const flu::sdk::Host &config, GstElement *pipeline);
  ~FgdpProducer();
  FgdpProducer(const FgdpProducer &) = delete;
  FgdpProducer &operator=(const FgdpProducer &) = delete;
  // The bouncer let go of the keycard that admitted the current peer.
  void keycard_expired(const std::string &id);

private:
  GstElement *appsrc_ = nullptr;
  std::unique_ptr<Link> link_;
};

} // namespace flu::fgdp
