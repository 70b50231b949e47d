// A packet on the porter's socket, from a streamer or from the porter:
// never a crash; what decodes has its verb's field count and encodes back
// to the same bytes.
#include "../fuzz_target.hpp"

#include <flu/sdk/porter_protocol.hpp>

namespace porter = flu::sdk::porter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto bytes = flu::fuzz::bytes(data, size);
  const auto m = porter::decode(bytes);
  if (!m)
    return 0;
  FUZZ_CHECK(porter::field_count(m->verb) == static_cast<int>(m->fields.size()));
  FUZZ_CHECK(porter::encode(m->verb, m->fields) == bytes);
  return 0;
}
