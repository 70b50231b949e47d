// loop-producer: see loop_producer.hpp.
#include "loop_producer.hpp"

#include <flu/sdk/media_info.hpp>

#include <flu/sdk/raw_av.hpp>

namespace flu::modules {
namespace {

constexpr const char *audio_src = "flu-loop-audio";
constexpr const char *video_src = "flu-loop-video";

std::string appsrc(const char *name) {
  return std::string("appsrc name=") + name +
         " is-live=true format=time max-bytes=0 ! queue max-size-buffers=0 "
         "max-size-bytes=0 max-size-time=2000000000 ! ";
}

} // namespace

std::string LoopProducer::pipeline(const sdk::Host &config) {
  const sdk::MediaInfo info = sdk::discover(config.string("location"));
  std::string text =
      info.audio ? appsrc(audio_src) : "audiotestsrc is-live=true wave=silence ! ";
  text += sdk::raw_av::audio(config, "flu-level-audio") + "@feeder:audio@ ";
  text += info.video ? appsrc(video_src) : "videotestsrc is-live=true pattern=black ! ";
  return text + sdk::raw_av::video(config) + "@feeder:video@";
}

LoopProducer::LoopProducer(const sdk::Host &host, GstElement *pipeline) {
  const std::string location = host.string("location");
  // Asked again: the file may have changed since pipeline() looked, and the
  // answer decides which appsrc elements exist.
  const sdk::MediaInfo info = sdk::discover(location);
  host.ui_state("info-location", location);
  host.ui_state("info-duration", std::to_string(info.duration_ns));
  host.ui_state("info-audio", info.audio_text);
  host.ui_state("info-video", info.video_text);
  host.ui_state("num-iterations", "0");
  meter_ = std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-audio", "audio");
  GstElement *a = gst_bin_get_by_name(GST_BIN(pipeline), audio_src);
  GstElement *v = gst_bin_get_by_name(GST_BIN(pipeline), video_src);
  loop_ = std::make_unique<FileLoop>(host, pipeline, info.uri, location,
                                     a ? audio_src : "", v ? video_src : "");
  if (a)
    gst_object_unref(a);
  if (v)
    gst_object_unref(v);
}

} // namespace flu::modules
