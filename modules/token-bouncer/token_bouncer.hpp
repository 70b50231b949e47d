// token-bouncer: admits a keycard whose "token" field is one of the `token`
// values (Flumotion's tokentest-bouncer, with several tokens). A value
// NAME:TOKEN names the token's owner, who becomes the keycard's username;
// a token with a ':' of its own therefore needs a NAME: in front.
//
// Tokens are kept as SHA-256 digests and compared in constant time: a
// timing difference tells neither a token's length nor its prefix.
#pragma once

#include <flu/sdk/bouncer.hpp>

#include <array>
#include <string>
#include <vector>

namespace flu::modules {

class TokenBouncer {
public:
  // Throws for an empty or repeated token.
  explicit TokenBouncer(const sdk::Host &config);
  flu_keycard_state authenticate(const sdk::Keycard &keycard, sdk::Reply &reply);

private:
  using Digest = std::array<unsigned char, 32>;
  struct Token {
    Digest digest;
    std::string owner; // may be empty
  };
  std::vector<Token> tokens_;
};

} // namespace flu::modules
