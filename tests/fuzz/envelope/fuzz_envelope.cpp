// The message envelope, the first thing any peer's bytes meet: parsing
// never crashes, and what it accepts frames back to the same bytes.
#include "../fuzz_target.hpp"

#include "message/envelope.hpp"

#include <variant>

using namespace flu::message;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto bytes = flu::fuzz::bytes(data, size);
  constexpr std::size_t limit = 64 * 1024;
  const auto parsed = parse_envelope(bytes, limit);
  if (const auto *e = std::get_if<Envelope>(&parsed)) {
    FUZZ_CHECK(e->payload.size() + envelope_header_size == size);
    FUZZ_CHECK(frame(e->type, e->request_id, e->payload) == bytes);
  }
  if (size >= envelope_header_size) {
    const auto total = frame_size(bytes.substr(0, envelope_header_size), limit);
    if (const auto *n = std::get_if<std::size_t>(&total))
      FUZZ_CHECK(*n >= envelope_header_size && *n <= limit);
    // A whole frame that parses announces its own size.
    if (std::holds_alternative<Envelope>(parsed))
      FUZZ_CHECK(std::holds_alternative<std::size_t>(total) &&
                 std::get<std::size_t>(total) == size);
  }
  return 0;
}
