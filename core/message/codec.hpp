// Turning messages into payloads and back. Decoding treats every byte as
// hostile: it never allocates more than the payload could describe and
// refuses bytes left over, so a frame from a confused or malicious peer
// costs one DecodeError, never the process.
#pragma once

#include "message/envelope.hpp"
#include "message/messages.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

namespace flu::message {

class DecodeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

template <class M> std::string encode(const M &message);
template <class M> M decode(std::string_view payload); // throws DecodeError

// A whole frame: envelope around the encoded message.
template <class M> std::string pack(const M &message, uint32_t request_id = 0) {
  return frame(static_cast<uint16_t>(M::type), request_id, encode(message));
}

const char *type_name(uint16_t type); // "WorkerHello", or "unknown"

} // namespace flu::message
