// Flumotion's component-html5 plug for HLS: a page whose <video> plays the
// master playlist, with hls.js where the browser has no HLS of its own.
#pragma once

#include <string>

namespace flu::hls {

// `hls_js_url`: where the page loads hls.js from ("" for none: only browsers
// that play HLS themselves, Safari and phones, will play).
std::string player_page(const std::string &mount_point, const std::string &main_playlist,
                        const std::string &hls_js_url);

} // namespace flu::hls
