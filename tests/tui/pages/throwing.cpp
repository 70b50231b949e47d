// A page that throws: the console must show its message, not die.
#include <flu/sdk/admin_page.hpp>

#include <stdexcept>

namespace {
void draw(flu::sdk::admin::Page &page) {
  page.heading("half a page");
  throw std::runtime_error("the figures are not there");
}
} // namespace

FLU_ADMIN_PAGE(draw, "videotest-producer")
