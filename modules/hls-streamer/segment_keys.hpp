// AES-128 segment encryption as RFC 8216 has it (METHOD=AES-128): the whole
// segment in CBC mode with PKCS#7 padding, the IV the segment's media
// sequence number when the playlist gives none. Keys come from libsodium's
// random bytes, the cipher from OpenSSL; nothing of either is hand-written.
#pragma once

#include <cstdint>
#include <string>

namespace flu::hls {

// 16 random bytes.
std::string new_segment_key();

// `plain` encrypted with `key` (16 bytes), IV `sequence` (big-endian, 128 bits).
std::string encrypt_segment(const std::string &key, uint64_t sequence,
                            const std::string &plain);

} // namespace flu::hls
