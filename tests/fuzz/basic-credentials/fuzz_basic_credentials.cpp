// "Authorization: Basic" values and query strings, as a viewer sends them:
// never a crash; a decoded user name never holds the ':' that ends it.
#include "../fuzz_target.hpp"

#include <flu/sdk/viewer_auth.hpp>

using namespace flu::sdk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(flu::fuzz::bytes(data, size));
  if (const auto credentials = basic_credentials(text))
    FUZZ_CHECK(credentials->username.find(':') == std::string::npos);
  query_value(text, "token");
  return 0;
}
