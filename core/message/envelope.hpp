// The frame around every message flu peers exchange, on ZeroMQ, on a job's
// control channel and on feed handshakes.
//
//   magic u32 | protocol version u16 | message type u16 | request id u32 | length u32
//
// all little-endian, then `length` bytes of payload. The envelope is checked
// before a payload byte is decoded: a frame that is too large, has a wrong
// magic or version, or a length that disagrees with what arrived, is refused
// with a reason for the log.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace flu::message {

constexpr uint32_t envelope_magic = 0x21554c46; // "FLU!"
constexpr uint16_t protocol_version = 1;
constexpr std::size_t envelope_header_size = 16;
constexpr std::size_t default_max_frame_bytes = 1 << 20;

struct Envelope {
  uint16_t type = 0;
  uint32_t request_id = 0;
  std::string_view payload; // points into the parsed bytes
};

std::string frame(uint16_t type, uint32_t request_id, std::string_view payload);

// Either the envelope or why the bytes were refused.
std::variant<Envelope, std::string> parse_envelope(std::string_view bytes,
                                                   std::size_t max_frame_bytes);

// For stream transports: the total size of the frame that begins with
// `header` (envelope_header_size bytes), or why it must be refused.
std::variant<std::size_t, std::string> frame_size(std::string_view header,
                                                  std::size_t max_frame_bytes);

} // namespace flu::message
