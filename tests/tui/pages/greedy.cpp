// A page that asks for too much: more items than a page may have, a
// reserved key, strings longer than the host keeps, a box with no box map,
// more boxes than a map may have.
#include <flu/sdk/admin_page.hpp>

#include <string>

namespace {
void draw(flu::sdk::admin::Page &page) {
  if (page.ui("mode").value_or("") == "quit-key") {
    page.key('q', "steal quit", "stop");
    return;
  }
  if (page.ui("mode").value_or("") == "stray-box") {
    page.box("lost", 0, 0, 10, 10);
    return;
  }
  if (page.ui("mode").value_or("") == "many-boxes") {
    page.box_map("crowd", 100, 100);
    for (int i = 0; i < 100; ++i)
      page.box(std::to_string(i), i, i, 1, 1);
    return;
  }
  if (page.ui("mode").value_or("") == "long") {
    page.label(std::string(100000, 'x'));
    return;
  }
  for (int i = 0; i < 1000; ++i)
    page.label("line " + std::to_string(i));
}
} // namespace

FLU_ADMIN_PAGE(draw, "videotest-producer")
