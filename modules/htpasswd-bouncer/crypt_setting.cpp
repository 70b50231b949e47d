// crypt_setting: see crypt_setting.hpp.
#include "crypt_setting.hpp"

#include <crypt.h>

#include <algorithm>

namespace flu::modules {
namespace {

constexpr const char *crypt64 =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

bool all_crypt64(const std::string &text) {
  return text.find_first_not_of(crypt64) == std::string::npos;
}

bool starts_with(const std::string &text, const char *prefix) {
  return text.rfind(prefix, 0) == 0;
}

bool bcrypt(const std::string &text) {
  return text.size() >= 4 && starts_with(text, "$2") && text[3] == '$' &&
         std::string("abxy").find(text[2]) != std::string::npos;
}

} // namespace

std::string crypt_setting(const std::string &hash) {
  if (bcrypt(hash))
    return hash.size() == 60 ? hash.substr(0, 29) : "";
  if (starts_with(hash, "$")) {
    const auto last = hash.rfind('$');
    const std::string setting = hash.substr(0, last);
    // "$id$...$hash": at least "$id$salt" before the last '$', and a hash.
    if (last == std::string::npos || last + 1 >= hash.size() ||
        std::count(setting.begin(), setting.end(), '$') < 2 ||
        setting.find_first_of(" \t:") != std::string::npos)
      return {};
    return setting;
  }
  if (starts_with(hash, "_"))
    return hash.size() == 20 && all_crypt64(hash.substr(1)) ? hash.substr(0, 9) : "";
  return hash.size() == 13 && all_crypt64(hash) ? hash.substr(0, 2) : "";
}

std::size_t salt_offset(const std::string &setting) {
  if (bcrypt(setting))
    return 7; // "$2b$10$"
  if (starts_with(setting, "$7$"))
    return std::min<std::size_t>(setting.size(), 14); // "$7$" + 11 of parameters
  if (starts_with(setting, "$"))
    return setting.rfind('$') + 1;
  if (starts_with(setting, "_"))
    return 5; // "_" + 4 of rounds
  return 0;
}

const char *last_salt_chars(const std::string &setting) {
  if (bcrypt(setting))
    return ".Oeu";
  if (starts_with(setting, "$y$") || starts_with(setting, "$gy$") ||
      starts_with(setting, "$7$"))
    return "./01";
  return crypt64;
}

bool crypt_supports(const std::string &setting) {
  struct crypt_data data = {};
  const char *out = crypt_r("", setting.c_str(), &data);
  return out && *out != '*';
}

} // namespace flu::modules
