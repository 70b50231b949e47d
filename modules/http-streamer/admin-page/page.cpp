// The http-streamer's admin page: an operator would rather look than read,
// so viewers and the bitrate sent are plotted over the last minutes.
#include <flu/sdk/admin_page.hpp>

namespace {

void draw(flu::sdk::admin::Page &page) {
  page.heading("Viewers");
  page.sparkline("viewers", "viewers", "clients", 300);
  page.value("peak", page.ui("viewers-peak").value_or("-"), "clients");
  page.value("refused", page.ui("viewers-refused").value_or("-"), "clients");
  page.heading("Bitrate");
  page.sparkline("sent", "bitrate", "bit/s", 300);
  page.value("stream", page.ui("stream-bitrate").value_or("-"), "bit/s");
  if (auto port = page.property("port"))
    page.value("port", *port);
  if (auto mount = page.property("mount-point"))
    page.value("mount point", *mount);
  page.key('v', "list viewers", "viewers");
}

} // namespace

FLU_ADMIN_PAGE(draw, "http-streamer")
