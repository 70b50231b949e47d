// Every message type's decoder. The first byte picks the type (its wire
// number), the rest is the payload. What decodes must encode, decode again
// and encode to the same bytes: a decoder that accepts what the encoder
// cannot reproduce would let a peer's bytes mean two things.
#include "../fuzz_target.hpp"

#include "message/codec.hpp"

using namespace flu::message;

namespace {

template <class M> void round_trip(std::string_view payload) {
  M message;
  try {
    message = decode<M>(payload);
  } catch (const DecodeError &) {
    return; // refused: what a hostile payload should get
  }
  const std::string once = encode(message);
  M again;
  try {
    again = decode<M>(once);
  } catch (const DecodeError &) {
    FUZZ_CHECK(!"a re-encoded message no longer decodes");
  }
  FUZZ_CHECK(encode(again) == once);
  // And through the envelope, as it travels.
  const std::string frame = pack(message, 7);
  const auto parsed = parse_envelope(frame, frame.size());
  FUZZ_CHECK(std::holds_alternative<Envelope>(parsed));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  const auto payload = flu::fuzz::bytes(data + 1, size - 1);
  switch (static_cast<Type>(data[0])) {
#define FLU_FUZZ_CASE(M)                                                                 \
  case M::type:                                                                          \
    round_trip<M>(payload);                                                              \
    break;
    FLU_MESSAGE_TYPES(FLU_FUZZ_CASE)
#undef FLU_FUZZ_CASE
  default:
    break;
  }
  return 0;
}
