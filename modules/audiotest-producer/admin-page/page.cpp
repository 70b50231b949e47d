// The audiotest-producer's admin page: the level of what it feeds, one
// meter per channel (flu::sdk::LevelMeter's UI state).
#include <flu/sdk/admin_page.hpp>

namespace {

void draw(flu::sdk::admin::Page &page) {
  page.heading("Levels");
  if (page.level_meters() == 0)
    page.label("no level published yet");
  if (auto wave = page.property("wave"))
    page.value("wave", *wave);
  if (auto frequency = page.property("frequency"))
    page.value("frequency", *frequency, "Hz");
}

} // namespace

FLU_ADMIN_PAGE(draw, "audiotest-producer")
