// htpasswd-bouncer's reading of crypt(3) hashes: the setting (method and
// salt) taken from a stored hash stays inside it, and its salt offset
// inside the setting.
#include "../fuzz_target.hpp"

#include "crypt_setting.hpp"

using namespace flu::modules;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string hash(flu::fuzz::bytes(data, size));
  const std::string setting = crypt_setting(hash);
  if (setting.empty())
    return 0;
  FUZZ_CHECK(setting.size() <= hash.size() &&
             hash.compare(0, setting.size(), setting) == 0);
  FUZZ_CHECK(salt_offset(setting) <= setting.size());
  last_salt_chars(setting);
  crypt_supports(setting);
  return 0;
}
