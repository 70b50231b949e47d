// An encoder's target bitrate that an admin changes while it runs: the
// method "set-bitrate N" (bit/s) sets the GStreamer element's property live,
// and the UI state entry "bitrate" shows the target. For elements that take
// the change in PLAYING (vp8enc, opusenc, theoraenc); one that needs a
// restart for it should not use this.
//
//   struct Vp8Encoder {
//     Vp8Encoder(const flu::sdk::Host &c, GstElement *pipeline)
//         : bitrate_(c, pipeline, "flu-vp8enc", "target-bitrate", 1000, 2147483647) {}
//     std::string invoke(const std::string &m, const std::vector<std::string> &a) {
//       return bitrate_.invoke(m, a);
//     }
//     flu::sdk::LiveBitrate bitrate_;
//   };
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

class LiveBitrate {
public:
  // `element` is the encoder's name in the pipeline, `property` its bitrate
  // property, which counts `bps_per_unit` bit/s per unit (theoraenc: kbit/s,
  // 1000). Admins may set [min_bps, max_bps].
  LiveBitrate(const Host &host, GstElement *pipeline, const char *element,
              const char *property, int64_t min_bps, int64_t max_bps,
              int64_t bps_per_unit = 1)
      : host_(host), property_(property), min_bps_(min_bps), max_bps_(max_bps),
        bps_per_unit_(bps_per_unit) {
    encoder_ = gst_bin_get_by_name(GST_BIN(pipeline), element);
    if (!encoder_)
      throw std::runtime_error(std::string("the pipeline has no element named ") +
                               element);
    spec_ = g_object_class_find_property(G_OBJECT_GET_CLASS(encoder_), property);
    if (!spec_) {
      gst_object_unref(encoder_);
      throw std::runtime_error(std::string(element) + " has no property " + property);
    }
    publish();
  }
  ~LiveBitrate() { gst_object_unref(encoder_); }
  LiveBitrate(const LiveBitrate &) = delete;
  LiveBitrate &operator=(const LiveBitrate &) = delete;

  // The element's target now, in bit/s.
  int64_t get() const {
    GValue value = G_VALUE_INIT;
    GValue wide = G_VALUE_INIT;
    g_value_init(&value, spec_->value_type);
    g_object_get_property(G_OBJECT(encoder_), property_.c_str(), &value);
    g_value_init(&wide, G_TYPE_INT64);
    g_value_transform(&value, &wide);
    const int64_t units = g_value_get_int64(&wide);
    g_value_unset(&value);
    g_value_unset(&wide);
    return units * bps_per_unit_;
  }

  // Sets the target; returns it as the element took it. Throws when out of
  // range.
  int64_t set(int64_t bps) {
    if (bps < min_bps_ || bps > max_bps_)
      throw std::runtime_error("bitrate must be between " + std::to_string(min_bps_) +
                               " and " + std::to_string(max_bps_) + " bit/s, got " +
                               std::to_string(bps));
    GValue wide = G_VALUE_INIT;
    GValue value = G_VALUE_INIT;
    g_value_init(&wide, G_TYPE_INT64);
    g_value_set_int64(&wide, bps / bps_per_unit_);
    g_value_init(&value, spec_->value_type);
    g_value_transform(&wide, &value);
    g_object_set_property(G_OBJECT(encoder_), property_.c_str(), &value);
    g_value_unset(&value);
    g_value_unset(&wide);
    publish();
    const int64_t now = get();
    host_.log(FLU_LOG_INFO, "bitrate set to " + std::to_string(now) + " bit/s");
    return now;
  }

  // "set-bitrate N" (returns the new target) and "bitrate" (the target).
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    if (method == "bitrate" && args.empty())
      return std::to_string(get());
    if (method == "set-bitrate" && args.size() == 1) {
      int64_t bps = 0;
      const std::string &text = args[0];
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bps);
      if (ec != std::errc() || end != text.data() + text.size())
        throw std::runtime_error("set-bitrate wants bit/s as a whole number, got '" +
                                 text + "'");
      return std::to_string(set(bps));
    }
    throw std::runtime_error(
        "no method '" + method + "' with " + std::to_string(args.size()) +
        " arguments; there are: set-bitrate BITS-PER-SECOND, bitrate");
  }

private:
  void publish() const { host_.ui_state("bitrate", std::to_string(get())); }

  Host host_;
  std::string property_;
  int64_t min_bps_;
  int64_t max_bps_;
  int64_t bps_per_unit_;
  GstElement *encoder_ = nullptr;
  GParamSpec *spec_ = nullptr;
};

} // namespace flu::sdk
