// flu-command edges: per stream, the streamers that carry it and their load,
// from the manager's replicated state (docs/archive.md "Load balancing").
// A stream is a mount point: every component that publishes a `url` (an
// http-streamer with a port of its own) is listed under its URL's path, so
// an origin and the edges it redirects to, serving /live.webm on several
// workers, appear together:
//
//   STREAM /live.webm
//     COMPONENT        MOOD    WORKER   VIEWERS  LOAD   CPU%  URL
//     /default/origin  happy   origin   1/1      100%   3.1
//     http://10.0.0.1:8800/live.webm /default/edge-1  happy   edge1    40/100 40%    2.0
//     http://10.0.0.2:8800/live.webm  draining
#pragma once

#include "message/messages.hpp"

#include <ostream>

namespace flu::command {

void print_edges(std::ostream &out, const message::StateSnapshot &snapshot, bool json);

} // namespace flu::command
