#include "message/envelope.hpp"

namespace flu::message {
namespace {

void put_u16(std::string &out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

void put_u32(std::string &out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint32_t get_u32(std::string_view b, std::size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return v;
}

uint16_t get_u16(std::string_view b, std::size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               (static_cast<unsigned char>(b[at + 1]) << 8));
}

} // namespace

std::string frame(uint16_t type, uint32_t request_id, std::string_view payload) {
  std::string out;
  out.reserve(envelope_header_size + payload.size());
  put_u32(out, envelope_magic);
  put_u16(out, protocol_version);
  put_u16(out, type);
  put_u32(out, request_id);
  put_u32(out, static_cast<uint32_t>(payload.size()));
  out.append(payload);
  return out;
}

std::variant<std::size_t, std::string> frame_size(std::string_view header,
                                                  std::size_t max_frame_bytes) {
  if (header.size() < envelope_header_size)
    return "truncated envelope (" + std::to_string(header.size()) + " bytes)";
  if (get_u32(header, 0) != envelope_magic)
    return std::string("wrong magic");
  if (const uint16_t v = get_u16(header, 4); v != protocol_version)
    return "protocol version " + std::to_string(v) + ", expected " +
           std::to_string(protocol_version);
  const std::size_t total = envelope_header_size + get_u32(header, 12);
  if (total > max_frame_bytes)
    return "frame of " + std::to_string(total) + " bytes exceeds the limit of " +
           std::to_string(max_frame_bytes);
  return total;
}

std::variant<Envelope, std::string> parse_envelope(std::string_view bytes,
                                                   std::size_t max_frame_bytes) {
  auto size = frame_size(bytes, max_frame_bytes);
  if (auto *why = std::get_if<std::string>(&size))
    return *why;
  if (std::get<std::size_t>(size) != bytes.size())
    return "length field says " + std::to_string(std::get<std::size_t>(size)) +
           " bytes, frame has " + std::to_string(bytes.size());
  Envelope e;
  e.type = get_u16(bytes, 6);
  e.request_id = get_u32(bytes, 8);
  e.payload = bytes.substr(envelope_header_size);
  return e;
}

} // namespace flu::message
