// The requester's half of a password login: the hash forms a bouncer stores
// (checked against values computed outside flu: `openssl passwd`, Python's
// hashlib), the HMAC response (RFC 4231), and the two keycards a requester
// sends.
#define BOOST_TEST_MODULE test - core - keycard
#include "keycard/keycard.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <stdexcept>
#include <string>

namespace keycard = flu::keycard;

namespace {

bool is_hex(const std::string &text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(response_is_hmac_sha256_as_in_rfc_4231) {
  // RFC 4231, test case 2.
  BOOST_TEST(keycard::response("Jefe", "what do ya want for nothing?") ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Key and message are not interchangeable.
  BOOST_TEST(keycard::response("what do ya want for nothing?", "Jefe") !=
             keycard::response("Jefe", "what do ya want for nothing?"));
}

BOOST_AUTO_TEST_CASE(crypt_scheme_matches_openssl_passwd) {
  // openssl passwd -6 -salt 'Flu.Test/Salt.16' 'correct horse'
  const std::string sha512 = "$6$Flu.Test/Salt.16$T/sOxsTCkmRVn3PtIUO2zLyOgGglUz..0zfvcK"
                             "454T4qIK90nUHUPyHmNYmmv/eyRL.PbqOdNjY6/4zKKmPL7/";
  BOOST_TEST(keycard::hashed_password("crypt", "correct horse", "$6$Flu.Test/Salt.16") ==
             sha512);
  // A bouncer may send the setting with its closing '$', or the whole hash.
  BOOST_TEST(keycard::hashed_password("crypt", "correct horse", "$6$Flu.Test/Salt.16$") ==
             sha512);
  BOOST_TEST(keycard::hashed_password("crypt", "correct horse", sha512) == sha512);
  BOOST_TEST(keycard::hashed_password("crypt", "wrong horse", "$6$Flu.Test/Salt.16") !=
             sha512);
  // openssl passwd -5 -salt abcdefgh pw
  BOOST_TEST(keycard::hashed_password("crypt", "pw", "$5$abcdefgh") ==
             "$5$abcdefgh$ijtOJ//yvc/9bq1g0llFn9dB688BwBDRD90DlKKSKE1");
  // Traditional DES, as Python's crypt.crypt('pw', 'ab') gives it.
  BOOST_TEST(keycard::hashed_password("crypt", "pw", "ab") == "abzlUXK5ed5rs");
}

BOOST_AUTO_TEST_CASE(crypt_scheme_refuses_a_salt_crypt_does_not_know) {
  BOOST_CHECK_THROW(keycard::hashed_password("crypt", "pw", "$unknown$salt"),
                    std::runtime_error);
}

BOOST_AUTO_TEST_CASE(saltsha256_is_salt_then_hex_sha256_of_salt_and_password) {
  // python3: 'a1b2c3d4' + hashlib.sha256(b'a1b2c3d4' + b'secret').hexdigest()
  BOOST_TEST(keycard::hashed_password("saltsha256", "secret", "a1b2c3d4") ==
             "a1b2c3d4d3ba030cfa72588092662f07099a49fb44d48a06bb6bab14d97becd38a3443dc");
}

BOOST_AUTO_TEST_CASE(an_unknown_scheme_throws_naming_it) {
  try {
    keycard::hashed_password("md5", "pw", "salt");
    BOOST_ERROR("no exception");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(std::string(e.what()).find("'md5'") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW(keycard::hashed_password("", "pw", "salt"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(new_hashes_verify_and_are_salted_afresh) {
  const std::string crypt_hash = keycard::make_crypt_hash("s3cret");
  BOOST_TEST(crypt_hash.front() == '$', crypt_hash);
  BOOST_TEST(keycard::hashed_password("crypt", "s3cret", crypt_hash) == crypt_hash);
  BOOST_TEST(keycard::hashed_password("crypt", "other", crypt_hash) != crypt_hash);
  BOOST_TEST(keycard::make_crypt_hash("s3cret") != crypt_hash);

  const std::string salted = keycard::make_saltsha256("s3cret");
  BOOST_REQUIRE(salted.size() == 16u + 64u);
  BOOST_TEST(is_hex(salted), salted);
  BOOST_TEST(keycard::hashed_password("saltsha256", "s3cret", salted.substr(0, 16)) ==
             salted);
  BOOST_TEST(keycard::make_saltsha256("s3cret") != salted);
}

BOOST_AUTO_TEST_CASE(the_password_keycards_carry_what_the_bouncer_needs) {
  const auto request = keycard::password_request("alice");
  BOOST_TEST(keycard::get(request, "kind") == "password");
  BOOST_TEST(keycard::get(request, "username") == "alice");
  BOOST_TEST(keycard::get(request, "password").empty());

  const keycard::Fields challenge = {{"id", "k1"},
                                     {"salt", "a1b2c3d4"},
                                     {"scheme", "saltsha256"},
                                     {"challenge", "nonce"}};
  const auto answer = keycard::password_response(challenge, "alice", "secret");
  BOOST_TEST(keycard::get(answer, "id") == "k1");
  BOOST_TEST(keycard::get(answer, "kind") == "password");
  BOOST_TEST(keycard::get(answer, "username") == "alice");
  BOOST_TEST(keycard::get(answer, "password").empty(), "the password must stay home");
  BOOST_TEST(keycard::get(answer, "response") ==
             keycard::response(
                 keycard::hashed_password("saltsha256", "secret", "a1b2c3d4"), "nonce"));
}

BOOST_AUTO_TEST_CASE(a_challenge_without_nonce_or_with_an_unknown_scheme_throws) {
  BOOST_CHECK_THROW(keycard::password_response({{"id", "k1"}, {"salt", "ab"}}, "a", "b"),
                    std::runtime_error);
  BOOST_CHECK_THROW(
      keycard::password_response({{"id", "k1"}, {"scheme", "rot13"}, {"challenge", "n"}},
                                 "a", "b"),
      std::runtime_error);
}

BOOST_AUTO_TEST_CASE(fields_are_read_and_replaced_by_name) {
  keycard::Fields fields = keycard::token_request("t0k3n");
  BOOST_TEST(keycard::get(fields, "kind") == "token");
  BOOST_TEST(keycard::get(fields, "token") == "t0k3n");
  BOOST_TEST(keycard::get(fields, "missing").empty());
  keycard::set(fields, "token", "other");
  keycard::set(fields, "address", "10.0.0.1");
  BOOST_TEST(fields.size() == 3u);
  BOOST_TEST(keycard::get(fields, "token") == "other");
  BOOST_TEST(keycard::get(fields, "address") == "10.0.0.1");
}

BOOST_AUTO_TEST_CASE(random_hex_has_the_asked_length_and_does_not_repeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string r = keycard::random_hex(16);
    BOOST_TEST(r.size() == 32u);
    BOOST_TEST(is_hex(r), r);
    seen.insert(r);
  }
  BOOST_TEST(seen.size() == 100u);
  BOOST_TEST(keycard::random_hex(0).empty());
}

BOOST_AUTO_TEST_CASE(equal_compares_whole_strings) {
  BOOST_TEST(keycard::equal("abc", "abc"));
  BOOST_TEST(!keycard::equal("abc", "abd"));
  BOOST_TEST(!keycard::equal("abc", "abcd"));
  BOOST_TEST(!keycard::equal("", "a"));
  BOOST_TEST(keycard::equal("", ""));
}
