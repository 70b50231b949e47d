// Keycards (Flumotion's): a credential as named text fields, and the
// requester's half of the challenge-response, so that a password never
// crosses the wire.
//
// A password login takes two rounds. The requester sends {kind=password,
// username}; the bouncer answers CHALLENGE with {id, salt, scheme,
// challenge}; the requester sends {id, kind, username, response} where
//   hashed   = crypt(password, salt)                   scheme "crypt"
//            = salt + hex(SHA-256(salt + password))    scheme "saltsha256"
//   response = hex(HMAC-SHA256(key = hashed, message = challenge))
// and the bouncer, which stores only `hashed`, checks it. A challenge is
// good for one answer.
#pragma once

#include "message/messages.hpp"

#include <string>

namespace flu::keycard {

using Fields = message::KeycardFields;

// The value of a field, or "" when the keycard has none.
std::string get(const Fields &keycard, const std::string &name);
// Sets (replacing) one field.
void set(Fields &keycard, const std::string &name, std::string value);

// The requester's first keycard for a username and password.
Fields password_request(const std::string &username);
// The second keycard, answering a bouncer's challenge. Throws
// std::runtime_error on an unknown scheme or a reply without a challenge.
Fields password_response(const Fields &challenge, const std::string &username,
                         const std::string &password);
Fields token_request(const std::string &token);

// The two hash forms a bouncer stores.
std::string hashed_password(const std::string &scheme, const std::string &password,
                            const std::string &salt);
std::string response(const std::string &hashed, const std::string &challenge);

// For operators and tests: a new crypt(3) hash (yescrypt, else SHA-512) and
// a new salted SHA-256 entry, each with a fresh random salt.
std::string make_crypt_hash(const std::string &password);
std::string make_saltsha256(const std::string &password);

// n random bytes as hex (libsodium).
std::string random_hex(std::size_t bytes);
// Compares without leaking where the strings differ.
bool equal(const std::string &a, const std::string &b);

} // namespace flu::keycard
