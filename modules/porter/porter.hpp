// The porter component (Flumotion's porter, an atmosphere component): one
// public port for many streamers and on-demand servers. It has no media:
// its pipeline idles, and the PorterServer does the work on its own thread.
#pragma once

#include <flu/sdk.hpp>

#include <memory>
#include <string>
#include <vector>

namespace flu::porter {

class PorterServer;

class Porter {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  Porter(const flu::sdk::Host &config, GstElement *pipeline);
  ~Porter();
  Porter(const Porter &) = delete;
  Porter &operator=(const Porter &) = delete;

  // "routes": one line per path or prefix (prefixes end in '*') with the
  // ids of the streamers holding it.
  std::string invoke(const std::string &method, const std::vector<std::string> &args);
  // The bouncer expired a keycard a streamer logged in with: that login ends.
  void keycard_expired(const std::string &keycard_id);

private:
  flu::sdk::Host config_;
  std::unique_ptr<PorterServer> server_;
};

} // namespace flu::porter
