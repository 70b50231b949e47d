// webcam-producer: see webcam_producer.hpp.
#include "webcam_producer.hpp"

#include "v4l2_device.hpp"

#include <flu/sdk/raw_av.hpp>

#include <stdexcept>

namespace flu::modules {
namespace {

// The capture element asked for: a video source that takes a device.
std::string capture_element(const sdk::Host &config) {
  const std::string name = config.string("element-factory");
  GstElement *element = gst_element_factory_make(name.c_str(), nullptr);
  if (!element)
    throw std::runtime_error("element-factory '" + name +
                             "' is not a GStreamer element installed here");
  const char *klass = gst_element_class_get_metadata(GST_ELEMENT_GET_CLASS(element),
                                                     GST_ELEMENT_METADATA_KLASS);
  const std::string kind = klass ? klass : "";
  const bool has_device =
      g_object_class_find_property(G_OBJECT_GET_CLASS(element), "device") != nullptr;
  gst_object_unref(element);
  if (kind.find("Source") == std::string::npos ||
      kind.find("Video") == std::string::npos || !has_device)
    throw std::runtime_error("element-factory '" + name +
                             "' is not a video source with a device (" + kind + ")");
  return name;
}

// Whether the element's source pads can ever produce `caps`.
bool can_produce(const std::string &factory_name, GstCaps *caps) {
  GstElementFactory *factory = gst_element_factory_find(factory_name.c_str());
  bool ok = false;
  for (const GList *l = gst_element_factory_get_static_pad_templates(factory); l && !ok;
       l = l->next) {
    auto *tmpl = static_cast<GstStaticPadTemplate *>(l->data);
    if (tmpl->direction != GST_PAD_SRC)
      continue;
    GstCaps *produced = gst_static_caps_get(&tmpl->static_caps);
    ok = gst_caps_can_intersect(produced, caps);
    gst_caps_unref(produced);
  }
  gst_object_unref(factory);
  return ok;
}

} // namespace

std::string webcam_caps(const sdk::Host &config, const std::string &factory) {
  const std::string mime = config.string("mime");
  std::string caps;
  if (mime == "video/x-raw" || mime == "video/x-raw-yuv" || mime == "video/x-raw-rgb")
    caps = "video/x-raw";
  else if (mime == "image/jpeg")
    caps = "image/jpeg";
  else
    throw std::runtime_error("mime '" + mime + "' is not video/x-raw or image/jpeg");
  if (config.has("format")) {
    if (caps != "video/x-raw")
      throw std::runtime_error("format '" + config.string("format") +
                               "' applies to raw video only, not " + mime);
    caps += ",format=" + config.string("format");
  }
  if (config.has("width"))
    caps += ",width=" + std::to_string(config.integer("width", 1, 16384));
  if (config.has("height"))
    caps += ",height=" + std::to_string(config.integer("height", 1, 16384));
  if (config.has("framerate")) {
    const sdk::Fraction rate = config.fraction("framerate");
    if (rate.numerator < 1 || rate.denominator < 1)
      throw std::runtime_error("framerate must be positive, got " +
                               config.string("framerate"));
    caps += ",framerate=" + std::to_string(rate.numerator) + "/" +
            std::to_string(rate.denominator);
  }
  GstCaps *parsed = gst_caps_from_string(caps.c_str());
  const bool ok = parsed && can_produce(factory, parsed);
  if (parsed)
    gst_caps_unref(parsed);
  if (!ok)
    throw std::runtime_error("'" + caps + "' is not something " + factory +
                             " can capture (check mime and format)");
  return caps;
}

std::string WebcamProducer::pipeline(const sdk::Host &config) {
  const std::string factory = capture_element(config);
  const std::string caps = webcam_caps(config, factory);
  const std::string device = config.string("device");
  if (factory == "v4l2src")
    config.log(FLU_LOG_INFO,
               "capturing from " + device + " (" + check_v4l2_capture(device) + ")");
  return factory + " name=" + sdk::device_element +
         " device=" + sdk::launch_quoted(device) + " ! " + caps + " ! " +
         (caps.rfind("image/jpeg", 0) == 0 ? "jpegdec ! " : "") +
         sdk::raw_av::video(config) + "@feeder:default@";
}

WebcamProducer::WebcamProducer(const sdk::Host &host, GstElement *pipeline)
    : errors_(host, pipeline,
              "video device '" + host.string("device") + "' (" +
                  host.string("element-factory") + ")") {}

} // namespace flu::modules
