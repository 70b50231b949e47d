// The fgdp-consumer component (Flumotion's fgdp-consumer): sends its feed,
// as GDP (caps, timestamps, stream headers and all), to an fgdp-producer
// of another planet over an FGDP link (../fgdp-producer/fgdp_link.hpp).
// Each new peer gets the GDP stream headers (the caps and events) first.
#pragma once

#include <flu/sdk.hpp>

#include <memory>
#include <string>

namespace flu::fgdp {

class FgdpConsumer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  FgdpConsumer(const flu::sdk::Host &config, GstElement *pipeline);
  ~FgdpConsumer();
  FgdpConsumer(const FgdpConsumer &) = delete;
  FgdpConsumer &operator=(const FgdpConsumer &) = delete;

  struct SinkLink; // what the appsink callbacks share with us

private:
  std::shared_ptr<SinkLink> link_;
};

} // namespace flu::fgdp
