// A viewer's first bytes as the porter reads them to route the viewer:
// never a crash; a complete head always gives an absolute path without
// its query string (kept apart, on one line), and a head is never complete
// past the limit.
#include "../fuzz_target.hpp"

#include "request_head.hpp"

using flu::porter::RequestHead;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto bytes = flu::fuzz::bytes(data, size);
  const RequestHead head = flu::porter::read_request_head(bytes, 8192);
  if (head.state != RequestHead::State::complete)
    return 0;
  FUZZ_CHECK(!head.path.empty() && head.path.front() == '/');
  FUZZ_CHECK(head.path.find('?') == std::string::npos);
  // The query goes into a balancer path's Location header: one line.
  FUZZ_CHECK(head.query.find_first_of("\r\n") == std::string::npos);
  FUZZ_CHECK(!head.method.empty());
  // The same bytes with a smaller limit: complete only if they fit.
  const RequestHead small = flu::porter::read_request_head(bytes, 64);
  FUZZ_CHECK(small.state != RequestHead::State::complete || head.path == small.path);
  return 0;
}
