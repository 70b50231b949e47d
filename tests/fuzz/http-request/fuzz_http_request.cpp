// A viewer's request, from the bytes on its socket to the keycard the
// http-streamer builds for its bouncer: never a crash, and a keycard
// always says what kind it is.
#include "../fuzz_target.hpp"

#include "request.hpp"
#include <flu/sdk/viewer_auth.hpp>

using namespace flu::http_streamer;
using flu::sdk::viewer_keycard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto request = parse_request_head(flu::fuzz::bytes(data, size), 8192);
  if (!request)
    return 0;
  FUZZ_CHECK(request->version == 10 || request->version == 11);
  FUZZ_CHECK(request->path.find('?') == std::string::npos);
  const auto keycard =
      viewer_keycard(request->authorization, request->query, "192.0.2.1", request->path);
  bool has_kind = false;
  for (const auto &[name, value] : keycard) {
    FUZZ_CHECK(!name.empty());
    has_kind = has_kind || (name == "kind" && !value.empty());
  }
  FUZZ_CHECK(has_kind);
  // X-Forwarded-For from a trusted proxy: some address always comes out.
  const auto viewer =
      forwarded_address("192.0.2.1", request->forwarded_for, {"192.0.2.1", "192.0.2.2"});
  FUZZ_CHECK(!viewer.empty());
  return 0;
}
