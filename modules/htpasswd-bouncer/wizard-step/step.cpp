// The htpasswd-bouncer's wizard step: the login viewers give (one user and
// password; more users go into its `data` or `filename` later). The
// password is kept only as a bcrypt hash, made here with libcrypt.
#include <flu/sdk/wizard_step.hpp>

#include <crypt.h>

#include <stdexcept>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("username", "viewers' user name", FLU_FIELD_TEXT, "viewer");
  s.field("password", "their password", FLU_FIELD_TEXT);
}

void validate(Step &s) {
  const std::string user = s.value("username");
  if (user.empty() || user.find_first_of(": \n") != std::string::npos)
    s.refuse("username", "a user name without blanks or ':'");
  if (s.value("password").size() < 6)
    s.refuse("password", "at least 6 characters");
}

void contribute(Step &s) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", 0, nullptr, 0, setting, sizeof setting))
    throw std::runtime_error("libcrypt cannot make a bcrypt salt");
  crypt_data data{};
  const char *hash = crypt_r(s.value("password").c_str(), setting, &data);
  if (!hash || *hash == '*')
    throw std::runtime_error("libcrypt cannot hash the password");
  s.property("data", s.value("username") + ":" + hash);
}

} // namespace

FLU_WIZARD_STEP("htpasswd-bouncer", "bouncer", "viewers log in", describe, validate,
                contribute)
