// soundcard-producer: see soundcard_producer.hpp.
#include "soundcard_producer.hpp"

#include <flu/sdk/raw_av.hpp>

#include <stdexcept>

namespace flu::modules {
namespace {

constexpr const char *level_element = "flu-level-default";

// The element asked for, if it is an audio source installed here.
std::string source_element(const sdk::Host &config) {
  const std::string name = config.string("source-element");
  GstElementFactory *factory = gst_element_factory_find(name.c_str());
  const char *klass =
      factory ? gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS)
              : nullptr;
  const std::string kind = klass ? klass : "";
  if (factory)
    gst_object_unref(factory);
  if (!factory)
    throw std::runtime_error(
        "source-element '" + name +
        "' is not a GStreamer element installed here (alsasrc "
        "needs gstreamer1.0-alsa, pulsesrc gstreamer1.0-pulseaudio)");
  if (kind.find("Source") == std::string::npos || kind.find("Audio") == std::string::npos)
    throw std::runtime_error("source-element '" + name + "' is not an audio source (" +
                             kind + ")");
  return name;
}

// The device property: the operator's, or Flumotion's hw:0 for ALSA; other
// sources open their default device.
std::string device(const sdk::Host &config) {
  if (config.has("device"))
    return config.string("device");
  return config.string("source-element") == "alsasrc" ? "hw:0" : "";
}

std::string sample_format(const sdk::Host &config) {
  switch (config.integer("depth")) {
  case 8:
    return "S8";
  case 16:
    return "S16LE";
  case 24:
    return "S24LE";
  case 32:
    return "S32LE";
  default:
    throw std::runtime_error("depth must be 8, 16, 24 or 32, got " +
                             config.string("depth"));
  }
}

// The name gst-launch gave the common volume element (raw_av::audio's, the
// pipeline's only one).
std::string volume_element(GstElement *pipeline) {
  GstIterator *it = gst_bin_iterate_recurse(GST_BIN(pipeline));
  GValue item = G_VALUE_INIT;
  std::string name;
  while (name.empty() && gst_iterator_next(it, &item) == GST_ITERATOR_OK) {
    auto *element = GST_ELEMENT(g_value_get_object(&item));
    GstElementFactory *factory = gst_element_get_factory(element);
    if (factory && g_strcmp0(gst_plugin_feature_get_name(factory), "volume") == 0) {
      gchar *text = gst_element_get_name(element);
      name = text;
      g_free(text);
    }
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(it);
  if (name.empty())
    throw std::runtime_error("the pipeline has no volume element");
  return name;
}

} // namespace

std::string soundcard_name(const sdk::Host &config) {
  const std::string element = config.string("source-element");
  const std::string name = device(config);
  return "sound card " +
         (name.empty() ? std::string("(default device)") : "'" + name + "'") + " (" +
         element + ")";
}

std::string SoundcardProducer::pipeline(const sdk::Host &config) {
  const std::string element = source_element(config);
  const std::string name = device(config);
  // The converters let a card that cannot give these caps itself still be
  // captured; a card that can is negotiated to them and they pass through.
  return element + " name=" + sdk::device_element +
         (name.empty() ? "" : " device=" + sdk::launch_quoted(name)) +
         " ! audioconvert ! audioresample ! audio/x-raw,format=" + sample_format(config) +
         ",rate=" + std::to_string(config.integer("samplerate", 1000, 384000)) +
         ",channels=" + std::to_string(config.integer("channels", 1, 64)) + " ! " +
         sdk::raw_av::audio(config, level_element) + "@feeder:default@";
}

SoundcardProducer::SoundcardProducer(const sdk::Host &host, GstElement *pipeline)
    : errors_(host, pipeline, soundcard_name(host)),
      meter_(host, pipeline, level_element, "default"), volume_(volume_element(pipeline)),
      effects_(
          host, pipeline,
          {{"volume", volume_.c_str(), "volume"}, {"mute", volume_.c_str(), "mute"}}) {
  if (host.has("input-track"))
    host.message(FLU_MESSAGE_WARNING, "input-track",
                 "input-track '" + host.string("input-track") +
                     "' is not applied: GStreamer 1.x has no mixer interface; choose "
                     "the input with the sound card's mixer (alsamixer, pactl)");
}

} // namespace flu::modules
