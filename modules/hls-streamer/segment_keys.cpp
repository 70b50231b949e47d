// Segment keys and encryption (see segment_keys.hpp).
#include "segment_keys.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace flu::hls {

std::string new_segment_key() {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium cannot start: no random bytes for segment keys");
  std::string key(16, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string encrypt_segment(const std::string &key, uint64_t sequence,
                            const std::string &plain) {
  if (key.size() != 16)
    throw std::invalid_argument("an AES-128 key has 16 bytes");
  std::array<unsigned char, 16> iv{};
  for (int i = 0; i < 8; ++i)
    iv[15 - i] = static_cast<unsigned char>(sequence >> (8 * i));
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(
      EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string out(plain.size() + 16, '\0');
  int written = 0, last = 0;
  auto *o = reinterpret_cast<unsigned char *>(out.data());
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_cbc(), nullptr,
                         reinterpret_cast<const unsigned char *>(key.data()),
                         iv.data()) != 1 ||
      EVP_EncryptUpdate(ctx.get(), o, &written,
                        reinterpret_cast<const unsigned char *>(plain.data()),
                        static_cast<int>(plain.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), o + written, &last) != 1)
    throw std::runtime_error("OpenSSL could not encrypt a segment");
  out.resize(static_cast<size_t>(written + last));
  return out;
}

} // namespace flu::hls
