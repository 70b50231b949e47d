// multi-bouncer through BouncerHost, consulting real bouncers by name.
#define BOOST_TEST_MODULE test - modules - multi - bouncer
#include "../bouncer_fixture.hpp"

using namespace flu::bouncer;
using namespace flu::bouncer::test;
namespace keycard = flu::keycard;

namespace {

std::vector<BouncerSpec::Consult> planet() {
  return {
      consult("lan", ip({{"allow", {"10.0.0.0/8", "fd00::/8"}}})),
      consult("blocked", ip({{"allow", {"10.66.0.0/16"}}})),
      consult("users", htpasswd({{"data", {"alice:abzlUXK5ed5rs"}}, {"ttl", {"30"}}})),
      consult("tokens", token({{"token", {"dave:daves-token"}}, {"duration", {"600"}}}))};
}

KeycardFields token_from(const std::string &t, const std::string &address) {
  auto card = keycard::token_request(t);
  keycard::set(card, "address", address);
  return card;
}

} // namespace

BOOST_AUTO_TEST_CASE(and_or_not_over_tokens_and_addresses) {
  Log log;
  BouncerHost host(multi("lan and not blocked and (users or tokens)", planet()),
                   log.fn());
  auto d = host.authenticate(token_from("daves-token", "10.1.1.1"), "/live/web");
  BOOST_TEST((d.state == KeycardState::authenticated), reason(d));
  BOOST_TEST(field(d, "username") == "dave"); // the token's owner
  BOOST_TEST(field(d, "duration") == "600");  // the admitting bouncer's

  d = host.authenticate(token_from("daves-token", "8.8.8.8"), "/live/web");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(reason(d) == "lan: address 8.8.8.8 is not allowed");

  d = host.authenticate(token_from("daves-token", "10.66.0.1"), "/live/web");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(contains(reason(d), "the rule refuses what was admitted at column 9"),
             reason(d));

  d = host.authenticate(token_from("wrong", "fd00::1"), "/live/web");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(reason(d) == "users: not a password keycard; tokens: unknown token");
}

BOOST_AUTO_TEST_CASE(a_password_member_takes_two_rounds_through_the_rule) {
  BouncerHost host(multi("lan and (tokens or users)", planet()), nullptr);
  // Round one: tokens refuses (no token), users challenges; so does the rule.
  Login l = login(host, "alice", "pw", "10.0.0.5");
  BOOST_REQUIRE(l.first.state == KeycardState::challenge);
  BOOST_TEST(field(l.first, "salt") == "ab");
  BOOST_TEST(field(l.first, "scheme") == "crypt");
  // Round two carries no address: round one's is used, so lan admits.
  BOOST_TEST(keycard::get(l.answer, "address").empty());
  BOOST_TEST((l.second.state == KeycardState::authenticated), reason(l.second));
  BOOST_TEST(field(l.second, "ttl") == "30");
  BOOST_TEST(host.issued().at(0).username == "alice");

  l = login(host, "alice", "wrong", "10.0.0.5");
  BOOST_TEST((l.second.state == KeycardState::refused));
  BOOST_TEST(reason(l.second) == "tokens: no token; users: wrong password");

  // Outside the LAN the rule refuses before anyone is challenged.
  l = login(host, "alice", "pw", "8.8.8.8");
  BOOST_TEST((l.first.state == KeycardState::refused));

  // The replay rule holds through a multi-bouncer as well.
  l = login(host, "alice", "pw", "10.0.0.5");
  BOOST_TEST(reason(host.authenticate(l.answer, "r")) == "replayed or expired challenge");
}

BOOST_AUTO_TEST_CASE(not_and_or_short_circuit) {
  BouncerHost negation(multi("not blocked", planet()), nullptr);
  BOOST_TEST((negation.authenticate(token_from("x", "10.1.1.1"), "r").state ==
              KeycardState::authenticated));
  BOOST_TEST((negation.authenticate(token_from("x", "10.66.1.1"), "r").state ==
              KeycardState::refused));

  // `or` stops at the first yes: users never sees a token keycard.
  Log log;
  BouncerHost any(multi("tokens OR users", planet()), log.fn());
  BOOST_TEST((any.authenticate(token_from("daves-token", ""), "r").state ==
              KeycardState::authenticated));
  // `and` stops at the first no.
  BouncerHost all(multi("blocked and users", planet()), nullptr);
  const auto d = all.authenticate(token_from("x", "10.1.1.1"), "r");
  BOOST_TEST(reason(d) == "blocked: address 10.1.1.1 is not allowed");
  // not not x is x, and the parentheses can nest.
  BouncerHost nested(multi("not (not ((lan)))", planet()), nullptr);
  BOOST_TEST((nested.authenticate(token_from("x", "10.1.1.1"), "r").state ==
              KeycardState::authenticated));
}
