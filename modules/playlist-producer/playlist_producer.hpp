// playlist-producer: Flumotion's. Files played at the times a playlist
// gives, a filler picture and tone in between, as a live raw feed: audio on
// `audio`, video on `video`, in the size, rate and channels the properties
// fix. The playlist file and the playlist directory are watched, and what
// changes in them applies while the component plays.
#pragma once

#include "player.hpp"
#include "playlist_watch.hpp"

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>

namespace flu::modules {

class PlaylistProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  PlaylistProducer(const sdk::Host &host, GstElement *pipeline);

private:
  std::unique_ptr<sdk::LevelMeter> meter_;
  std::unique_ptr<playlist::Player> player_;
  std::unique_ptr<playlist::PlaylistWatch> watch_;
};

} // namespace flu::modules
