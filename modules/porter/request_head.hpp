// The porter reads a viewer's request head only far enough to route it:
// method and path. Beast parses it; the streamer behind the porter parses
// the same bytes again in full. Kept apart from the socket so that it can
// be fuzzed (tests/fuzz/porter-request) as a viewer's bytes reach it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flu::porter {

struct RequestHead {
  enum class State { incomplete, complete, bad } state = State::incomplete;
  std::string method;
  std::string path;  // origin-form, without the query; "/" for "*"
  std::string query; // after the '?', as sent ("" when none)
};

// `bytes`: everything read so far. Incomplete while the head has not ended
// and is under `limit` bytes; bad past it or when it is not HTTP.
RequestHead read_request_head(std::string_view bytes, std::size_t limit);

} // namespace flu::porter
