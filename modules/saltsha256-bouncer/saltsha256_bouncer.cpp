// saltsha256-bouncer: see saltsha256_bouncer.hpp.
#include "saltsha256_bouncer.hpp"

#include <flu/sdk/password_bouncer.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace flu::modules {
namespace {

using sdk::hmac_sha256;

bool is_hex(const std::string &text) {
  return !text.empty() &&
         text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

} // namespace

Saltsha256Bouncer::Saltsha256Bouncer(const sdk::Host &config) : config_(config) {
  sdk::load_credentials(config_, seen_mtime_, [this] {
    users_ = load();
    return users_.users.size();
  });
}

Saltsha256Bouncer::Users Saltsha256Bouncer::load() const {
  Users out;
  bool first = true;
  std::string everything;
  for (const auto &line : sdk::credential_lines(config_)) {
    const auto first_colon = line.text.find(':');
    const auto second_colon = first_colon == std::string::npos
                                  ? std::string::npos
                                  : line.text.find(':', first_colon + 1);
    if (first_colon == 0 || second_colon == std::string::npos ||
        second_colon == first_colon + 1)
      throw std::runtime_error(line.where + ": expected user:salt:sha256-hex");
    const std::string user = line.text.substr(0, first_colon);
    const std::string salt =
        line.text.substr(first_colon + 1, second_colon - first_colon - 1);
    std::string digest = line.text.substr(second_colon + 1);
    if (digest.size() != 64 || !is_hex(digest))
      throw std::runtime_error(line.where + ": user '" + user +
                               "': the hash is not 64 hex digits");
    // The requester computes lower-case hex.
    std::transform(digest.begin(), digest.end(), digest.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!out.users.emplace(user, User{salt, salt + digest}).second)
      throw std::runtime_error(line.where + ": user '" + user + "' given twice");
    if (first)
      out.fake_length = salt.size();
    first = false;
    out.fake_hex = out.fake_hex && is_hex(salt);
    everything += line.text + "\n";
  }
  // Stable while the users are: a restart does not change anyone's salt.
  out.fake_key = hmac_sha256("flu saltsha256-bouncer fake salt", everything);
  return out;
}

void Saltsha256Bouncer::reload_if_changed() {
  sdk::reload_if_changed(config_, seen_mtime_, [this] {
    users_ = load();
    return users_.users.size();
  });
}

std::string Saltsha256Bouncer::fake_salt(const std::string &user) const {
  constexpr const char *hex_digits = "0123456789abcdef";
  constexpr const char *alnum =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string digest = hmac_sha256(users_.fake_key, user);
  while (digest.size() < users_.fake_length)
    digest += hmac_sha256(users_.fake_key, digest);
  std::string salt(users_.fake_length, '0');
  for (std::size_t i = 0; i < salt.size(); ++i) {
    const auto byte = static_cast<unsigned char>(digest[i]);
    salt[i] = users_.fake_hex ? hex_digits[byte % 16] : alnum[byte % 62];
  }
  return salt;
}

flu_keycard_state Saltsha256Bouncer::authenticate(const sdk::Keycard &keycard,
                                                  sdk::Reply &reply) {
  return sdk::password_rounds(
      keycard, reply, "saltsha256",
      [this](const std::string &user) -> std::optional<sdk::StoredPassword> {
        reload_if_changed();
        const auto it = users_.users.find(user);
        if (it == users_.users.end())
          return std::nullopt;
        return sdk::StoredPassword{it->second.salt, it->second.hashed};
      },
      [this](const std::string &user) { return fake_salt(user); });
}

} // namespace flu::modules
