// See switch_pipeline.hpp.
#include "switch_pipeline.hpp"

namespace flu::modules {

const std::vector<std::string> &logical_feeds() {
  static const std::vector<std::string> feeds = {"master", "backup"};
  return feeds;
}

std::vector<SwitchStream> switch_streams(SwitchMedia media) {
  if (media == SwitchMedia::single)
    return {{"flu-switch", "default", {"master", "backup"}}};
  return {{"flu-switch-video", "video", {"video-master", "video-backup"}},
          {"flu-switch-audio", "audio", {"audio-master", "audio-backup"}}};
}

std::string branch_queue(const std::string &eater) { return "flu-switch-" + eater; }

namespace {

std::string fraction(const sdk::Host &config, const char *name) {
  const auto f = config.fraction(name);
  if (f.numerator <= 0 || f.denominator <= 0)
    throw std::runtime_error(std::string(name) + " must be a positive fraction, got " +
                             config.string(name));
  return std::to_string(f.numerator) + "/" + std::to_string(f.denominator);
}

// Every branch of a stream is converted to the same caps, so that a switch
// never changes the caps the encoder behind the combiner sees.
std::string video_conversion(const sdk::Host &config) {
  std::string caps = "video/x-raw,format=I420";
  if (config.has("video-width"))
    caps += ",width=" + std::to_string(config.integer("video-width", 16, 8192));
  if (config.has("video-height"))
    caps += ",height=" + std::to_string(config.integer("video-height", 16, 8192));
  if (config.has("video-pixel-aspect-ratio"))
    caps += ",pixel-aspect-ratio=" + fraction(config, "video-pixel-aspect-ratio");
  std::string rate;
  if (config.has("video-framerate")) {
    caps += ",framerate=" + fraction(config, "video-framerate");
    rate = "videorate ! ";
  }
  return "videoconvert ! videoscale ! " + rate + "capsfilter caps=\"" + caps + "\"";
}

std::string audio_conversion(const sdk::Host &config) {
  std::string caps = "audio/x-raw,format=S16LE,layout=interleaved";
  if (config.has("audio-samplerate"))
    caps += ",rate=" + std::to_string(config.integer("audio-samplerate", 8000, 192000));
  if (config.has("audio-channels"))
    caps += ",channels=" + std::to_string(config.integer("audio-channels", 1, 8));
  return "audioconvert ! audioresample ! capsfilter caps=\"" + caps + "\"";
}

} // namespace

std::string switch_pipeline(const sdk::Host &config, SwitchMedia media) {
  std::string text;
  for (const auto &stream : switch_streams(media)) {
    // sync-streams=false: an inactive branch drops its buffers at once
    // instead of waiting for the active one, which may be starving.
    // The A/V types' audio is raw: its level meter measures what goes out.
    const std::string meter =
        media == SwitchMedia::av && stream.feeder == "audio"
            ? std::string(" ! level name=") + audio_level_element + " interval=200000000"
            : std::string();
    text += "input-selector name=" + stream.selector + " sync-streams=false" + meter +
            " ! @feeder:" + stream.feeder + "@ ";
    std::string conversion;
    if (media == SwitchMedia::av)
      conversion =
          stream.feeder == "video" ? video_conversion(config) : audio_conversion(config);
    for (size_t i = 0; i < stream.eaters.size(); ++i) {
      const auto &eater = stream.eaters[i];
      text += "@eater:" + eater + "@ ! queue name=" + branch_queue(eater) + " ! ";
      if (!conversion.empty())
        text += conversion + " ! ";
      text += stream.selector + ".sink_" + std::to_string(i) + " ";
    }
  }
  return text;
}

} // namespace flu::modules
