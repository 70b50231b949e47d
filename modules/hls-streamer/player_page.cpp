// The player page (see player_page.hpp).
#include "player_page.hpp"

#include <flu/sdk/html.hpp>

namespace flu::hls {

using flu::sdk::html_escape;

std::string player_page(const std::string &mount_point, const std::string &main_playlist,
                        const std::string &hls_js_url) {
  // The playlist's URL goes in a data attribute, not into the script's text,
  // so that no value can end the script.
  const std::string source = html_escape(mount_point + main_playlist);
  std::string page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width\">\n<title>" +
                     source + "</title>\n";
  if (!hls_js_url.empty())
    page += "<script src=\"" + html_escape(hls_js_url) + "\"></script>\n";
  page += "</head><body style=\"margin:0;background:#000\">\n"
          "<video id=\"player\" controls autoplay muted playsinline "
          "style=\"width:100%;max-height:100vh\" data-src=\"" +
          source +
          "\"></video>\n"
          "<script>\n"
          "const video = document.getElementById('player');\n"
          "const src = video.dataset.src;\n"
          "if (window.Hls && Hls.isSupported()) {\n"
          "  const hls = new Hls({liveDurationInfinity: true});\n"
          "  hls.loadSource(src);\n"
          "  hls.attachMedia(video);\n"
          "  window.flu_hls = hls;\n"
          "} else {\n"
          "  video.src = src; // Safari and phones play HLS themselves\n"
          "}\n"
          "</script>\n</body></html>\n";
  return page;
}

} // namespace flu::hls
