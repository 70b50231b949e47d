// The video encoders' admin page: the target bitrate (flu::sdk::LiveBitrate's
// "bitrate" UI state and "set-bitrate" method), shown and set live. Every
// encoder built on LiveBitrate publishes and takes the same, so one page
// serves them all.
#include <flu/sdk/admin_page.hpp>

#include <algorithm>
#include <cmath>

namespace {

constexpr double step = 1.25; // a quarter up or a fifth down

void draw(flu::sdk::admin::Page &page) {
  page.heading("Bitrate");
  const auto target = page.number("bitrate");
  if (!target) {
    page.label("the encoder publishes no bitrate yet");
    return;
  }
  // The gauge's scale: 4 Mbit/s, or four times more until the target fits.
  double top = 4'000'000;
  while (top < *target && top < 1e12)
    top *= 4;
  page.gauge("target", *target, 0, top, "bit/s");
  page.sparkline("over time", "bitrate", "bit/s", 300);
  const auto rounded = [](double bps) {
    return std::to_string(static_cast<long long>(std::llround(bps / 1000.0)) * 1000);
  };
  page.key('+', "bitrate +25%", "set-bitrate", {rounded(*target * step)});
  page.key('-', "bitrate -20%", "set-bitrate",
           {rounded(std::max(1000.0, *target / step))});
  page.key('b', "set the bitrate", "set-bitrate", {}, "bitrate in bit/s");
}

} // namespace

FLU_ADMIN_PAGE(draw, "vp8-encoder", "vp9-encoder", "h264-encoder", "av1-encoder",
               "theora-encoder")
