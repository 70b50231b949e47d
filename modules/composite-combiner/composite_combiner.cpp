// See composite_combiner.hpp.
#include "composite_combiner.hpp"

#include <stdexcept>

namespace flu::modules {

namespace {

constexpr const char *kCompositor = "flu-composite";

std::string input_queue(size_t index) {
  return "flu-composite-in-" + std::to_string(index);
}

std::string sink_pad(size_t index) { return "sink_" + std::to_string(index); }

// The places the `input` properties give, one per feed (missing ones:
// the compositor's defaults, top left at the input's own size).
std::vector<InputPlace> places(const sdk::Host &host) {
  const uint32_t feeds = host.feed_count("default");
  const auto inputs = host.strings("input");
  if (inputs.size() > feeds)
    throw std::runtime_error("there are " + std::to_string(inputs.size()) +
                             " input properties but " + std::to_string(feeds) +
                             " feeds to place");
  std::vector<InputPlace> out(feeds);
  for (size_t i = 0; i < inputs.size(); ++i)
    out[i] = parse_place(inputs[i], "input " + std::to_string(i));
  return out;
}

} // namespace

std::string CompositeCombiner::pipeline(const sdk::Host &host) {
  const auto width = host.integer("width", 16, 8192);
  const auto height = host.integer("height", 16, 8192);
  const auto rate = host.fraction("framerate");
  if (rate.numerator <= 0 || rate.denominator <= 0)
    throw std::runtime_error("framerate must be a positive fraction, got " +
                             host.string("framerate"));
  const auto inputs = places(host);
  // Live: the compositor makes a frame each period from the inputs that
  // have one, and does not wait for an input that has no data.
  std::string text = std::string("compositor name=") + kCompositor +
                     " background=black force-live=true ignore-inactive-pads=true";
  for (size_t i = 0; i < inputs.size(); ++i)
    for (const auto &[key, value] : pad_settings(inputs[i]))
      text += " " + sink_pad(i) + "::" + key + "=" + value;
  // Caps fixed in full on both sides of the conversion: the compositor
  // would otherwise start with caps of its own and change them once the
  // inputs arrive, which no muxer behind the encoder takes.
  const std::string size = ",width=" + std::to_string(width) +
                           ",height=" + std::to_string(height) +
                           ",framerate=" + std::to_string(rate.numerator) + "/" +
                           std::to_string(rate.denominator) +
                           ",pixel-aspect-ratio=1/1,interlace-mode=progressive";
  text += " ! video/x-raw,format=AYUV" + size +
          " ! videoconvert ! video/x-raw,format=I420" + size +
          ",colorimetry=bt601,chroma-site=jpeg ! @feeder:default@";
  for (size_t i = 0; i < inputs.size(); ++i)
    text += " @eater:default:" + std::to_string(i) + "@ ! queue name=" + input_queue(i) +
            " ! videoconvert ! video/x-raw,format=AYUV ! " + kCompositor + "." +
            sink_pad(i);
  return text;
}

CompositeCombiner::CompositeCombiner(const sdk::Host &host, GstElement *pipeline)
    : host_(host) {
  GstElement *compositor = gst_bin_get_by_name(GST_BIN(pipeline), kCompositor);
  if (!compositor)
    throw std::runtime_error("the pipeline lost its compositor");
  const uint32_t feeds = host.feed_count("default");
  for (uint32_t i = 0; i < feeds; ++i) {
    GstPad *pad = gst_element_get_static_pad(compositor, sink_pad(i).c_str());
    GstElement *queue = gst_bin_get_by_name(GST_BIN(pipeline), input_queue(i).c_str());
    if (!pad || !queue) {
      gst_object_unref(compositor);
      throw std::runtime_error("the pipeline lost input " + std::to_string(i));
    }
    pads_.push_back(pad);
    GstPad *entry = gst_element_get_static_pad(queue, "sink");
    auto timeline = std::make_unique<BranchTimeline>();
    timeline->attach(entry);
    timelines_.push_back(std::move(timeline));
    gst_object_unref(entry);
    gst_object_unref(queue);
    publish(i);
  }
  gst_object_unref(compositor);
}

CompositeCombiner::~CompositeCombiner() {
  timelines_.clear();
  for (GstPad *pad : pads_)
    gst_object_unref(pad);
}

void CompositeCombiner::apply(size_t index, const InputPlace &place) {
  GstPad *pad = pads_.at(index);
  for (const auto &[key, value] : pad_settings(place)) {
    if (key == "alpha")
      g_object_set(pad, "alpha", *place.alpha, nullptr);
    else if (key == "zorder")
      g_object_set(pad, "zorder", static_cast<guint>(*place.zorder), nullptr);
    else
      g_object_set(pad, key.c_str(), static_cast<gint>(std::stoi(value)), nullptr);
  }
}

// The UI state shows each input's place: input:N = "left,top widthxheight z a".
void CompositeCombiner::publish(size_t index) {
  gint x = 0, y = 0, w = 0, h = 0;
  guint z = 0;
  gdouble alpha = 1;
  g_object_get(pads_[index], "xpos", &x, "ypos", &y, "width", &w, "height", &h, "zorder",
               &z, "alpha", &alpha, nullptr);
  host_.ui_state("input:" + std::to_string(index),
                 "position-left=" + std::to_string(x) +
                     " position-top=" + std::to_string(y) +
                     " width=" + std::to_string(w) + " height=" + std::to_string(h) +
                     " z-order=" + std::to_string(z) + " alpha=" + std::to_string(alpha));
}

std::string CompositeCombiner::invoke(const std::string &method,
                                      const std::vector<std::string> &args) {
  if (method != "set-input" || args.size() < 2)
    throw std::runtime_error("unknown method '" + method +
                             "' or wrong arguments (set-input INDEX KEY=VALUE...)");
  size_t index = 0;
  try {
    size_t used = 0;
    index = std::stoul(args[0], &used);
    if (used != args[0].size())
      throw std::invalid_argument(args[0]);
  } catch (const std::exception &) {
    throw std::runtime_error("input index '" + args[0] + "' is not a number");
  }
  if (index >= pads_.size())
    throw std::runtime_error("no input " + args[0] + " (there are " +
                             std::to_string(pads_.size()) + ")");
  std::string words;
  for (size_t i = 1; i < args.size(); ++i)
    words += args[i] + " ";
  apply(index, parse_place(words, "input " + args[0]));
  publish(index);
  return "input " + args[0] + " moved";
}

} // namespace flu::modules
