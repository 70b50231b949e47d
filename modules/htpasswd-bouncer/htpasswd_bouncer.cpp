// htpasswd-bouncer: see htpasswd_bouncer.hpp.
#include "htpasswd_bouncer.hpp"

#include "crypt_setting.hpp"

#include <flu/sdk/password_bouncer.hpp>

#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>

namespace flu::modules {
namespace {

using sdk::hmac_sha256;

// Shaped like any setting of the default method on this system.
constexpr const char *fallback_setting = "$6$FluFakeSaltSha5";

} // namespace

HtpasswdBouncer::HtpasswdBouncer(const sdk::Host &config) : config_(config) {
  sdk::load_credentials(config_, seen_mtime_, [this] {
    users_ = load();
    return users_.hashes.size();
  });
}

HtpasswdBouncer::Users HtpasswdBouncer::load() const {
  Users users;
  std::set<std::string> methods_checked;
  std::string everything;
  for (const auto &line : sdk::credential_lines(config_)) {
    const auto colon = line.text.find(':');
    if (colon == std::string::npos || colon == 0)
      throw std::runtime_error(line.where + ": expected user:crypt-hash");
    const std::string user = line.text.substr(0, colon);
    const std::string hash = line.text.substr(colon + 1);
    const std::string setting = crypt_setting(hash);
    if (setting.empty())
      throw std::runtime_error(line.where + ": user '" + user + "': not a crypt(3) hash");
    const std::string method = setting.substr(0, salt_offset(setting));
    if (methods_checked.insert(method).second && !crypt_supports(setting))
      throw std::runtime_error(line.where + ": user '" + user + "': this system's " +
                               "crypt(3) does not know the hash method '" + method + "'");
    if (!users.hashes.emplace(user, hash).second)
      throw std::runtime_error(line.where + ": user '" + user + "' given twice");
    if (users.fake_setting.empty())
      users.fake_setting = setting;
    everything += line.text + "\n";
  }
  if (users.fake_setting.empty())
    users.fake_setting = fallback_setting;
  // Stable while the users are: a restart does not change anyone's salt.
  users.fake_key = hmac_sha256("flu htpasswd-bouncer fake salt", everything);
  return users;
}

void HtpasswdBouncer::reload_if_changed() {
  sdk::reload_if_changed(config_, seen_mtime_, [this] {
    users_ = load();
    return users_.hashes.size();
  });
}

std::string HtpasswdBouncer::fake_salt(const std::string &user) const {
  std::string setting = users_.fake_setting;
  const std::size_t offset = salt_offset(setting);
  const std::string digest = hmac_sha256(users_.fake_key, user);
  constexpr const char *crypt64 =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const char *last = last_salt_chars(setting);
  const std::size_t n_last = std::strlen(last);
  for (std::size_t i = offset; i < setting.size(); ++i) {
    const auto byte = static_cast<unsigned char>(digest[(i - offset) % digest.size()]);
    setting[i] = i + 1 == setting.size() ? last[byte % n_last] : crypt64[byte % 64];
  }
  return setting;
}

flu_keycard_state HtpasswdBouncer::authenticate(const sdk::Keycard &keycard,
                                                sdk::Reply &reply) {
  return sdk::password_rounds(
      keycard, reply, "crypt",
      [this](const std::string &user) -> std::optional<sdk::StoredPassword> {
        reload_if_changed();
        const auto it = users_.hashes.find(user);
        if (it == users_.hashes.end())
          return std::nullopt;
        return sdk::StoredPassword{crypt_setting(it->second), it->second};
      },
      [this](const std::string &user) { return fake_salt(user); });
}

} // namespace flu::modules
