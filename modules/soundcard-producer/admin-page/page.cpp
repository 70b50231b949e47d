// The page of components that bring audio into a planet: a meter per
// channel of every level they publish (flu::sdk::LevelMeter; an operator
// would rather look than read), then the rest of their UI state and their
// configured properties, as the generic page would show them.
#include <flu/sdk/admin_page.hpp>

namespace {

// Figures the console's planet table shows already.
bool shown_elsewhere(const std::string &key) {
  return key.rfind("level:", 0) == 0 || key == "cpu-percent" || key == "memory-bytes";
}

std::string joined(std::string values) {
  for (auto &ch : values)
    if (ch == '\n')
      ch = ',';
  return values;
}

void draw(flu::sdk::admin::Page &page) {
  page.heading("Levels");
  if (page.level_meters() == 0)
    page.label(page.mood() == "happy" ? "no audio level published (no audio?)"
                                      : "no level published yet");
  page.heading("State");
  int shown = 0;
  for (const auto &key : page.ui_keys())
    if (!shown_elsewhere(key)) {
      page.value(key, joined(page.ui(key).value_or("")));
      ++shown;
    }
  if (shown == 0)
    page.label("(nothing else published)");
  // Where the audio comes from and its format, as configured (never a
  // password or passphrase).
  page.heading("Source");
  shown = 0;
  for (const char *name : {"source-element", "device", "input-track", "guid", "url",
                           "location", "mode", "host", "port", "playlist",
                           "playlist-directory", "media-type", "samplerate", "channels"})
    if (auto v = page.property(name)) {
      page.value(name, joined(*v));
      ++shown;
    }
  if (shown == 0)
    page.label("(as the type's defaults)");
}

} // namespace

FLU_ADMIN_PAGE(draw, "soundcard-producer", "firewire-producer", "icecast-producer",
               "srt-producer", "rtsp-producer", "loop-producer", "playlist-producer",
               "single-generic-decoder", "av-generic-decoder")
