// firewire-producer: see firewire_producer.hpp.
#include "firewire_producer.hpp"

#include <flu/sdk/raw_av.hpp>

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace flu::modules {
namespace {

constexpr const char *level_element = "flu-level-audio";

std::string device_name(const sdk::Host &config) {
  const uint64_t guid = firewire_guid(config.string("guid"));
  return guid ? "FireWire DV device '" + config.string("guid") + "' (dv1394src)"
              : std::string("FireWire DV device (the first found, dv1394src)");
}

} // namespace

uint64_t firewire_guid(const std::string &text) {
  std::string digits = text;
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && std::tolower(digits[1]) == 'x') {
    digits = digits.substr(2);
    base = 16;
  }
  uint64_t value = 0;
  const char *end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
  if (digits.empty() || ec != std::errc() || ptr != end)
    throw std::runtime_error("guid '" + text +
                             "' is not a GUID: give a hexadecimal such as "
                             "0x0800460102c4d00f (or 0 for the first device)");
  return value;
}

int dv_drop_factor(double fps) {
  if (fps > 12.5)
    return 1;
  if (fps > 6.3)
    return 2;
  if (fps > 3.2)
    return 4;
  return 8;
}

std::string FirewireProducer::pipeline(const sdk::Host &config) {
  const uint64_t guid = firewire_guid(config.string("guid"));
  const std::string decoder = config.string("decoder");
  GstElementFactory *factory = gst_element_factory_find(decoder.c_str());
  if (!factory)
    throw std::runtime_error("decoder '" + decoder +
                             "' is not a GStreamer element installed here");
  gst_object_unref(factory);
  std::string decode = decoder;
  if (decoder == "dvdec" && config.has("framerate")) {
    const sdk::Fraction rate = config.fraction("framerate");
    if (rate.numerator > 0 && rate.denominator > 0)
      decode +=
          " drop-factor=" + std::to_string(dv_drop_factor(
                                static_cast<double>(rate.numerator) / rate.denominator));
  }
  return "dv1394src name=" + std::string(sdk::device_element) +
         " guid=" + std::to_string(guid) +
         " ! tee name=flu-dv ! queue leaky=downstream max-size-time=1000000000 ! "
         "dvdemux name=flu-demux "
         "flu-demux.video ! queue ! " +
         decode + " ! " + sdk::raw_av::video(config) +
         "@feeder:video@ "
         "flu-demux.audio ! queue ! " +
         sdk::raw_av::audio(config, level_element) +
         "@feeder:audio@ "
         "flu-dv. ! queue ! @feeder:dv@";
}

FirewireProducer::FirewireProducer(const sdk::Host &host, GstElement *pipeline)
    : errors_(host, pipeline, device_name(host)),
      meter_(host, pipeline, level_element, "audio") {}

} // namespace flu::modules
