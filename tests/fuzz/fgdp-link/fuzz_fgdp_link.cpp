// The FGDP link's parsers, fed what a peer controls: handshake lines to
// both sides of each role, and the framed feed after the handshake. A
// handshake may only finish for a peer that made a valid proof, which
// random input never does (in keycard mode: the producer's bouncer, here
// one that challenges and then refuses, never admits it); nothing may crash.
#include "../fuzz_target.hpp"

#include "fgdp_frames.hpp"
#include "fgdp_handshake.hpp"

#include <string>

using namespace flu::fgdp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string_view input = flu::fuzz::bytes(data, size);
  for (const Auth auth : {Auth::secret, Auth::keycard})
    for (const Side side : {Side::initiator, Side::acceptor})
      for (const Role role : {Role::consumer, Role::producer}) {
        Handshake h(side, role, "origin", "s3cret", auth);
        h.start();
        std::string_view rest = input;
        try {
          while (!rest.empty()) {
            const auto end = rest.find('\n');
            h.receive(rest.substr(0, end));
            if (h.question()) {
              const bool first = h.question()->front().first != "id";
              h.answer(first ? BouncerAnswer{BouncerAnswer::State::challenge,
                                             {{"id", "1"},
                                              {"scheme", "saltsha256"},
                                              {"salt", "ab"},
                                              {"challenge", "cd"}}}
                             : BouncerAnswer{BouncerAnswer::State::refused, {}});
            }
            // A keycard-mode consumer does not prove its producer.
            FUZZ_CHECK(!h.done() || (auth == Auth::keycard && role == Role::consumer));
            if (end == std::string_view::npos)
              break;
            rest.remove_prefix(end + 1);
          }
        } catch (const HandshakeError &) {
        }
      }
  FrameReader reader;
  size_t whole = 0;
  try {
    reader.feed(data, size, [&](const uint8_t *, size_t n) {
      FUZZ_CHECK(n <= max_frame_bytes);
      whole += 4 + n;
    });
  } catch (const std::runtime_error &) {
  }
  FUZZ_CHECK(whole <= size);
  return 0;
}
