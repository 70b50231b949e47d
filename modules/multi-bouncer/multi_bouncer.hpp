// multi-bouncer: admits a keycard when its `rule` over other bouncers of the
// planet holds (Flumotion's multi-bouncer and its `combination`), e.g.
// `lan and (users or tokens)`. Each name is asked through host->consult(),
// in-process; and/or stop at the first operand that settles them.
//
// A consulted bouncer that answers CHALLENGE (a password bouncer at round
// one) makes the whole answer CHALLENGE with its salt and scheme, so that
// the requester's second round reaches it again with the response. Only one
// password bouncer can be answered per login: in `users or admins`, a user
// refused by `users` at round two is asked of `admins` with a response made
// for `users`' salt, which fails.
//
// On acceptance the keycard takes the username a consulted bouncer named
// (a token's owner) and the shortest ttl and duration of the bouncers that
// admitted it and of its own.
#pragma once

#include "rule.hpp"

#include <flu/sdk/bouncer.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class MultiBouncer {
public:
  // Throws for a rule that does not parse or names a bouncer the host
  // cannot consult.
  explicit MultiBouncer(const sdk::Host &config);
  flu_keycard_state authenticate(const sdk::Keycard &keycard, sdk::Reply &reply);

private:
  struct Verdict {
    flu_keycard_state state = FLU_KEYCARD_REFUSED;
    std::vector<std::pair<std::string, std::string>> challenge; // its reply fields
    std::string reason;
    std::vector<sdk::Consulted> admitted; // the bouncers whose yes counted
  };

  Verdict evaluate(const Rule &rule, const sdk::Keycard &keycard) const;

  sdk::Host config_;
  Rule rule_;
};

} // namespace flu::modules
