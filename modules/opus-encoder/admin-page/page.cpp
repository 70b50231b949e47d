// The opus-encoder's admin page: a meter per channel of the audio it
// encodes (flu::sdk::LevelMeter) and its target bitrate
// (flu::sdk::LiveBitrate's "bitrate" and "set-bitrate"), set live.
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
    page.label("the encoder publishes no bitrate yet");
    return;
  }
  page.gauge("target", *target, 0, 256'000, "bit/s");
  const auto kbit = [](double bps) {
    return std::to_string(static_cast<long long>(std::llround(bps / 1000.0)) * 1000);
  };
  page.key('+', "bitrate +16 kbit/s", "set-bitrate", {kbit(*target + 16000)});
  page.key('-', "bitrate -16 kbit/s", "set-bitrate",
           {kbit(std::max(6000.0, *target - 16000))});
  page.key('b', "set the bitrate", "set-bitrate", {}, "bitrate in bit/s");
}

} // namespace

FLU_ADMIN_PAGE(draw, "opus-encoder")
