// The player page (Flumotion's component-html5 plug, WebRTC variant): a page
// whose script signals by WHEP to the endpoint it was served beside and
// plays what comes in a <video>. It reports for tests and operators:
// window.fluFirstFrameMs (from page load to the first frame shown) and
// body[data-error] (why it could not play).
#pragma once

#include <string>

namespace flu::webrtc_streamer {

// Where the page is served for a mount point: MOUNT.html, /index.html for /.
std::string player_page_path(const std::string &mount);
std::string player_page();

} // namespace flu::webrtc_streamer
