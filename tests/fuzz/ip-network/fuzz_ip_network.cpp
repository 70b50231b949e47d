// ip-bouncer's networks ("10.0.0.0/8", "2001:db8::/32") and the addresses
// keycards carry: a network contains its own base address.
#include "../fuzz_target.hpp"

#include "network.hpp"

#include <stdexcept>

#include <sys/socket.h>

using namespace flu::modules;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(flu::fuzz::bytes(data, size));
  parse_address(text);
  try {
    const Network network = parse_network(text);
    FUZZ_CHECK(network.prefix_bits >= 0 &&
               network.prefix_bits <= (network.base.family == AF_INET ? 32 : 128));
    FUZZ_CHECK(network.contains(network.base));
  } catch (const std::runtime_error &) {
  }
  return 0;
}
