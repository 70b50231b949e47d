// The audio encoders' admin page: a meter per channel of the audio they
// encode (flu::sdk::LevelMeter), and the bitrate. An encoder that takes its
// bitrate live (flu::sdk::LiveBitrate's "bitrate" UI state and
// "set-bitrate": opus) gets a gauge and keys to set it; the others show
// what they were configured with.
#include <flu/sdk/admin_page.hpp>

#include <algorithm>
#include <cmath>

namespace {

void draw(flu::sdk::admin::Page &page) {
  page.heading("Levels");
  if (page.level_meters() == 0)
    page.label("no level published yet");
  page.heading("Bitrate");
  const auto target = page.number("bitrate");
  if (!target) {
    const auto configured = page.property_number("bitrate");
    if (configured && *configured > 0)
      page.value("configured", std::to_string(static_cast<long long>(*configured)),
                 "bit/s");
    else if (auto quality = page.property("quality"))
      page.value("quality", *quality);
    else
      page.label("the encoder's own default");
    page.label("set when the encoder starts (restart to change it)");
    return;
  }
  page.gauge("target", *target, 0, std::max(256'000.0, *target), "bit/s");
  const auto kbit = [](double bps) {
    return std::to_string(static_cast<long long>(std::llround(bps / 1000.0)) * 1000);
  };
  page.key('+', "bitrate +16 kbit/s", "set-bitrate", {kbit(*target + 16000)});
  page.key('-', "bitrate -16 kbit/s", "set-bitrate",
           {kbit(std::max(6000.0, *target - 16000))});
  page.key('b', "set the bitrate", "set-bitrate", {}, "bitrate in bit/s");
}

} // namespace

FLU_ADMIN_PAGE(draw, "opus-encoder", "vorbis-encoder", "aac-encoder", "mp3-encoder",
               "speex-encoder", "mulaw-encoder")
