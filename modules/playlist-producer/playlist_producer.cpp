// playlist-producer: see playlist_producer.hpp.
#include "playlist_producer.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <unistd.h>

namespace flu::modules {
namespace {

constexpr const char *audio_src = "flu-playlist-audio";
constexpr const char *video_src = "flu-playlist-video";

std::string optional_string(const sdk::Host &config, const char *name) {
  return config.has(name) ? config.string(name) : std::string();
}

playlist::Format format_of(const sdk::Host &config) {
  playlist::Format f;
  f.width = static_cast<int>(config.integer("width", 16, 8192));
  f.height = static_cast<int>(config.integer("height", 16, 8192));
  const sdk::Fraction rate = config.fraction("framerate");
  if (rate.numerator < 1 || rate.denominator < 1 ||
      rate.numerator > 1000 * rate.denominator)
    throw std::runtime_error("framerate must be positive, got " +
                             config.string("framerate"));
  f.framerate_n = static_cast<int>(rate.numerator);
  f.framerate_d = static_cast<int>(rate.denominator);
  f.samplerate = static_cast<int>(config.integer("samplerate", 8000, 192000));
  f.channels = static_cast<int>(config.integer("channels", 1, 8));
  f.video_pattern = config.string("video-pattern");
  f.audio_wave = config.string("audio-wave");
  f.audio = config.boolean("audio");
  f.video = config.boolean("video");
  return f;
}

// Refused at start: what no edit of a playlist can repair.
void check(const sdk::Host &config, const playlist::Format &format) {
  const std::string file = optional_string(config, "playlist");
  const std::string directory = optional_string(config, "playlist-directory");
  if (file.empty() && directory.empty())
    throw std::runtime_error("a playlist or a playlist-directory is needed");
  if (!file.empty() && access(file.c_str(), R_OK) != 0)
    throw std::runtime_error("cannot read playlist '" + file +
                             "': " + std::strerror(errno));
  if (!directory.empty() && !std::filesystem::is_directory(directory))
    throw std::runtime_error("playlist-directory '" + directory + "' is not a directory");
  // A pattern or wave GStreamer does not know fails here, in its words.
  GError *error = nullptr;
  GstElement *filler =
      gst_parse_launch(playlist::Player::filler_text(format).c_str(), &error);
  if (filler)
    gst_object_unref(filler);
  if (error) {
    const std::string text = error->message;
    g_clear_error(&error);
    throw std::runtime_error("video-pattern '" + format.video_pattern +
                             "' or audio-wave '" + format.audio_wave +
                             "' is not valid: " + text);
  }
}

} // namespace

std::string PlaylistProducer::pipeline(const sdk::Host &config) {
  const playlist::Format format = format_of(config);
  check(config, format);
  // audiorate closes the few milliseconds the gate leaves where the filler
  // and an item meet.
  const std::string latency = " min-latency=" + std::to_string(format.latency());
  return std::string("appsrc name=") + audio_src +
         " is-live=true format=time max-bytes=0" + latency + " ! " + format.audio_caps() +
         " ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=2000000000 ! "
         "audiorate skip-to-first=true ! level name=flu-level-audio interval=200000000 ! "
         "@feeder:audio@ appsrc name=" +
         video_src + " is-live=true format=time max-bytes=0" + latency + " ! " +
         format.video_caps() +
         " ! queue max-size-buffers=0 max-size-bytes=0 max-size-time=2000000000 ! "
         "@feeder:video@";
}

PlaylistProducer::PlaylistProducer(const sdk::Host &host, GstElement *pipeline) {
  meter_ = std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-audio", "audio");
  player_ = std::make_unique<playlist::Player>(host, pipeline, format_of(host), audio_src,
                                               video_src);
  watch_ = std::make_unique<playlist::PlaylistWatch>(
      host, *player_, optional_string(host, "playlist"),
      optional_string(host, "playlist-directory"),
      optional_string(host, "base-directory"));
}

} // namespace flu::modules
