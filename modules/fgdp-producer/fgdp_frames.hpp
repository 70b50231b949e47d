// The FGDP link's framing after the handshake: each GDP packet the
// consumer sends goes as a frame, a 4-byte big-endian length and the
// packet, so that the producer only ever hands whole packets to its
// depayloader: a connection cut in the middle of one loses that packet,
// and the next connection starts clean with its own headers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <vector>

namespace flu::fgdp {

// A GDP packet is a few bytes of header and one buffer: a video frame.
constexpr uint32_t max_frame_bytes = 64u << 20;

inline std::array<uint8_t, 4> frame_header(size_t size) {
  if (size > max_frame_bytes)
    throw std::runtime_error("a GDP packet of " + std::to_string(size) +
                             " bytes is larger than a frame may be");
  return {static_cast<uint8_t>(size >> 24), static_cast<uint8_t>(size >> 16),
          static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size)};
}

class FrameReader {
public:
  using Frame = std::function<void(const uint8_t *, size_t)>;
  // Takes bytes as they come and calls `frame` for each whole frame;
  // throws on a frame longer than max_frame_bytes (a peer speaking
  // something else).
  void feed(const uint8_t *data, size_t size, const Frame &frame);
  // A connection ended: a partial frame is dropped.
  void reset() { pending_.clear(); }

private:
  std::vector<uint8_t> pending_;
};

} // namespace flu::fgdp
