// single-generic-decoder: see single_generic_decoder.hpp.
#include "single_generic_decoder.hpp"

#include <flu/sdk/raw_av.hpp>

#include <algorithm>
#include <stdexcept>

namespace flu::modules {
namespace {

// decodebin's autoplug-select: skip a blacklisted factory so that decodebin
// tries the next one.
int select_factory(GstElement *, GstPad *, GstCaps *, GstElementFactory *factory,
                   gpointer data) {
  const auto *blacklist = static_cast<const std::vector<std::string> *>(data);
  const std::string name = GST_OBJECT_NAME(factory);
  const bool skip =
      std::find(blacklist->begin(), blacklist->end(), name) != blacklist->end();
  return skip ? 2 /* GST_AUTOPLUG_SELECT_SKIP */ : 0 /* TRY */;
}

} // namespace

std::string SingleGenericDecoder::pipeline(const sdk::Host &config) {
  const std::string media = config.string("media-type");
  std::string text = "@eater:default@ ! decodebin name=flu-decoder flu-decoder. ! ";
  if (media == "video")
    return text + "videoconvert ! queue ! " + sdk::raw_av::video(config) +
           "@feeder:default@";
  if (media == "audio")
    return text + "audioconvert ! queue ! " +
           sdk::raw_av::audio(config, "flu-level-default") + "@feeder:default@";
  throw std::runtime_error("media-type must be audio or video, got '" + media + "'");
}

SingleGenericDecoder::SingleGenericDecoder(const sdk::Host &host, GstElement *pipeline)
    : blacklist_(host.strings("blacklist")) {
  decoder_ = gst_bin_get_by_name(GST_BIN(pipeline), "flu-decoder");
  if (!decoder_)
    throw std::runtime_error("the pipeline lost its decoder");
  handler_ = g_signal_connect(decoder_, "autoplug-select", G_CALLBACK(&select_factory),
                              &blacklist_);
  if (host.string("media-type") == "audio")
    meter_ =
        std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-default", "default");
}

SingleGenericDecoder::~SingleGenericDecoder() {
  g_signal_handler_disconnect(decoder_, handler_);
  gst_object_unref(decoder_);
}

} // namespace flu::modules
