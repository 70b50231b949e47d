// The password bouncers through BouncerHost, with the requester's side from
// keycard.hpp: right and wrong passwords in both schemes, and unknown users
// who look like known ones until the second round. saltsha256-bouncer is
// tested here too: the two schemes share these cases.
#define BOOST_TEST_MODULE test - modules - htpasswd - bouncer
#include "../bouncer_fixture.hpp"

#include <algorithm>

using namespace flu::bouncer;
using namespace flu::bouncer::test;
namespace keycard = flu::keycard;

namespace {

// openssl passwd -6 -salt 'Flu.Test/Salt.16' 'correct horse'
const std::string alice_sha512 = "$6$Flu.Test/Salt.16$T/sOxsTCkmRVn3PtIUO2zLyOgGglUz..0zf"
                                 "vcK454T4qIK90nUHUPyHmNYmmv/eyRL.PbqOdNjY6/4zKKmPL7/";

Values users_data() {
  return {{"data",
           {"# operators\nalice:" + alice_sha512 +
                "\n\nbob:" + keycard::make_crypt_hash("bob's secret") + "\n",
            "carol:abzlUXK5ed5rs"}}}; // DES of "pw"
}

} // namespace

BOOST_AUTO_TEST_CASE(htpasswd_accepts_the_right_password_in_two_rounds) {
  Log log;
  BouncerHost host(htpasswd(users_data()), log.fn());
  for (const auto &[user, password] : std::vector<std::pair<std::string, std::string>>{
           {"alice", "correct horse"}, {"bob", "bob's secret"}, {"carol", "pw"}}) {
    BOOST_TEST_CONTEXT(user) {
      const Login l = login(host, user, password, "10.1.2.3");
      BOOST_REQUIRE(l.first.state == KeycardState::challenge);
      BOOST_TEST(field(l.first, "scheme") == "crypt");
      BOOST_TEST(field(l.first, "id").size() == 32u);
      BOOST_TEST(field(l.first, "challenge").size() == 64u);
      BOOST_REQUIRE(l.second.state == KeycardState::authenticated);
      BOOST_TEST(field(l.second, "id").size() == 32u);
      BOOST_TEST(field(l.second, "id") != field(l.first, "id"));
      BOOST_TEST(reason(l.second).empty());
    }
  }
  // The salt is the hash's setting, never the hash.
  const auto first = host.authenticate(keycard::password_request("alice"), "/live/web");
  BOOST_TEST(field(first, "salt") == "$6$Flu.Test/Salt.16");
  BOOST_TEST(!contains(keycard::get(first.keycard, "salt"), "T/sOx"));
  BOOST_TEST(host.authenticate(keycard::password_request("carol"), "x").keycard.size() ==
             4u); // id, salt, scheme, challenge
  BOOST_TEST(field(host.authenticate(keycard::password_request("carol"), "x"), "salt") ==
             "ab");

  const auto issued = host.issued();
  BOOST_REQUIRE(issued.size() == 3u);
  const auto alice = std::find_if(issued.begin(), issued.end(), [](const Issued &is) {
    return is.username == "alice";
  });
  BOOST_REQUIRE(alice != issued.end());
  BOOST_TEST(alice->requester == "/live/web");
  BOOST_TEST(alice->address == "10.1.2.3");
  BOOST_TEST(alice->expires_ms == 0);
  BOOST_TEST(alice->ttl_ms == 0);
  BOOST_TEST(
      log.has(FLU_LOG_INFO, "accepted keycard " + alice->id +
                                " from /live/web (user 'alice', address 10.1.2.3)"),
      log.all());
}

BOOST_AUTO_TEST_CASE(saltsha256_accepts_the_right_password_in_two_rounds) {
  const std::string dave = keycard::make_saltsha256("dave's secret");
  BouncerHost host(saltsha256({{"data",
                                {"dave:" + dave.substr(0, 16) + ":" + dave.substr(16),
                                 // python3: hashlib.sha256(b'a1b2c3d4secret'), upper case
                                 "erin:a1b2c3d4:D3BA030CFA72588092662F07099A49FB44D48A0"
                                 "6BB6BAB14D97BECD38A3443DC"}}}),
                   nullptr);
  Login l = login(host, "dave", "dave's secret");
  BOOST_TEST(field(l.first, "scheme") == "saltsha256");
  BOOST_TEST(field(l.first, "salt") == dave.substr(0, 16));
  BOOST_TEST((l.second.state == KeycardState::authenticated), reason(l.second));
  l = login(host, "erin", "secret");
  BOOST_TEST(field(l.first, "salt") == "a1b2c3d4");
  BOOST_TEST((l.second.state == KeycardState::authenticated), reason(l.second));
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_refused_in_both_schemes) {
  Log log;
  BouncerHost crypt_host(htpasswd(users_data()), log.fn());
  Login l = login(crypt_host, "alice", "incorrect horse", "10.9.9.9");
  BOOST_REQUIRE(l.first.state == KeycardState::challenge);
  BOOST_TEST((l.second.state == KeycardState::refused));
  BOOST_TEST(reason(l.second) == "wrong password");
  BOOST_TEST(field(l.second, "id").empty());
  BOOST_TEST(crypt_host.issued().empty());
  BOOST_TEST(log.has(FLU_LOG_WARNING, "refused keycard from /live/web (user 'alice', "
                                      "address 10.9.9.9): wrong password"),
             log.all());

  const std::string hashed = keycard::make_saltsha256("right");
  BouncerHost sha_host(
      saltsha256({{"data", {"dave:" + hashed.substr(0, 16) + ":" + hashed.substr(16)}}}),
      nullptr);
  l = login(sha_host, "dave", "wrong");
  BOOST_TEST((l.second.state == KeycardState::refused));
  BOOST_TEST(reason(l.second) == "wrong password");
}

BOOST_AUTO_TEST_CASE(an_unknown_user_looks_known_at_round_one_and_is_refused_at_two) {
  Log log;
  BouncerHost host(htpasswd(users_data()), log.fn());
  const auto known = host.authenticate(keycard::password_request("alice"), "/live/web");
  const auto mallory =
      host.authenticate(keycard::password_request("mallory"), "/live/web");
  const auto again = host.authenticate(keycard::password_request("mallory"), "/live/web");
  const auto trent = host.authenticate(keycard::password_request("trent"), "/live/web");
  BOOST_REQUIRE(mallory.state == KeycardState::challenge);
  // Same fields, same scheme, a salt of the same shape; the same salt on
  // each try; another for another name.
  BOOST_TEST(mallory.keycard.size() == known.keycard.size());
  BOOST_TEST(field(mallory, "scheme") == field(known, "scheme"));
  const std::string fake = field(mallory, "salt");
  BOOST_TEST(fake.size() == field(known, "salt").size(), fake);
  BOOST_TEST(fake.substr(0, 3) == "$6$", fake);
  BOOST_TEST(fake != field(known, "salt"));
  BOOST_TEST(field(again, "salt") == fake);
  BOOST_TEST(field(trent, "salt") != fake);
  // The requester can answer it like any other challenge.
  const auto answer = keycard::password_response(mallory.keycard, "mallory", "guess");
  const auto second = host.authenticate(answer, "/live/web");
  BOOST_TEST((second.state == KeycardState::refused));
  BOOST_TEST(reason(second) == "unknown user");
  BOOST_TEST(log.has(FLU_LOG_WARNING,
                     "refused keycard from /live/web (user 'mallory'): unknown user"),
             log.all());

  // The same for the salted SHA-256 bouncer: a 16-hex-digit fake salt.
  const std::string hashed = keycard::make_saltsha256("x");
  BouncerHost sha(
      saltsha256({{"data", {"dave:" + hashed.substr(0, 16) + ":" + hashed.substr(16)}}}),
      nullptr);
  const auto sha_fake = sha.authenticate(keycard::password_request("mallory"), "r");
  BOOST_REQUIRE(sha_fake.state == KeycardState::challenge);
  BOOST_TEST(field(sha_fake, "salt").size() == 16u);
  BOOST_TEST(field(sha_fake, "salt").find_first_not_of("0123456789abcdef") ==
             std::string::npos);
  BOOST_TEST(field(sha.authenticate(keycard::password_request("mallory"), "r"), "salt") ==
             field(sha_fake, "salt"));
  const auto l = login(sha, "mallory", "x");
  BOOST_TEST(reason(l.second) == "unknown user");
}

BOOST_AUTO_TEST_CASE(fake_salts_take_the_shape_of_modern_hashes) {
  // yescrypt (or whatever this system's default is) and bcrypt end their
  // salts with one of four characters; a fake one must too.
  const std::string modern = keycard::make_crypt_hash("pw");
  const std::string modern_setting = modern.substr(0, modern.rfind('$'));
  BouncerHost host(htpasswd({{"data", {"alice:" + modern}}}), nullptr);
  for (const char *user : {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"}) {
    const std::string salt =
        field(host.authenticate(keycard::password_request(user), "r"), "salt");
    BOOST_TEST(salt.size() == modern_setting.size(), salt);
    BOOST_TEST(salt.substr(0, salt.rfind('$')) ==
               modern_setting.substr(0, modern_setting.rfind('$')));
    if (modern.rfind("$y$", 0) == 0)
      BOOST_TEST(contains("./01", salt.substr(salt.size() - 1)), salt);
    // crypt(3) takes it: the requester can answer.
    BOOST_CHECK_NO_THROW(keycard::hashed_password("crypt", "guess", salt));
  }
}

BOOST_AUTO_TEST_CASE(htpasswd_reads_its_file_and_rereads_it_when_it_changes) {
  TempDir dir;
  const std::string file =
      dir.write("users", "alice:" + alice_sha512 + "\r\n# bob will come\n");
  Log log;
  BouncerHost host(htpasswd({{"filename", {file}}}), log.fn());
  BOOST_TEST((login(host, "alice", "correct horse").second.state ==
              KeycardState::authenticated));
  BOOST_TEST((login(host, "bob", "pw").second.state == KeycardState::refused));

  dir.write("users", "bob:abzlUXK5ed5rs\n");
  std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) +
                                             std::chrono::seconds(2));
  BOOST_TEST((login(host, "bob", "pw").second.state == KeycardState::authenticated));
  BOOST_TEST(reason(login(host, "alice", "correct horse").second) == "unknown user");
  BOOST_TEST(log.has(FLU_LOG_INFO, "reread " + file + ": 1 users"), log.all());

  // A change that does not parse keeps the users there were.
  dir.write("users", "bob:abzlUXK5ed5rs\nbroken line\n");
  std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) +
                                             std::chrono::seconds(4));
  BOOST_TEST((login(host, "bob", "pw").second.state == KeycardState::authenticated));
  BOOST_TEST(log.has(FLU_LOG_WARNING, file + ":2: expected user:crypt-hash"), log.all());
  BOOST_TEST(log.has(FLU_LOG_WARNING, "keeping the users as they were"), log.all());
}

BOOST_AUTO_TEST_CASE(password_bouncers_refuse_other_kinds_of_keycards) {
  BouncerHost host(htpasswd(users_data()), nullptr);
  auto d = host.authenticate(keycard::token_request("alice"), "r");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(reason(d) == "not a password keycard");
  d = host.authenticate({{"kind", "password"}}, "r");
  BOOST_TEST(reason(d) == "no username");
}
