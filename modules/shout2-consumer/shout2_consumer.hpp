// The shout2-consumer component (Flumotion's shout2-consumer): pushes its
// feed to an Icecast mount. The pipeline ends in an appsink whose streaming
// thread hands each buffer (and the stream's headers from the caps) to the
// IcecastSource, which sends on its own thread, so a slow or absent server
// never holds up the feed.
#pragma once

#include <flu/sdk.hpp>

#include <memory>
#include <string>

namespace flu::shout2_consumer {

class Shout2Consumer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  Shout2Consumer(const flu::sdk::Host &config, GstElement *pipeline);
  ~Shout2Consumer();
  Shout2Consumer(const Shout2Consumer &) = delete;
  Shout2Consumer &operator=(const Shout2Consumer &) = delete;

  struct SinkLink; // what the appsink callbacks share with us

private:
  std::shared_ptr<SinkLink> link_;
};

} // namespace flu::shout2_consumer
