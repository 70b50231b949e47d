// BouncerHost's own rules, whatever the bouncer: challenges are single use,
// the host's own and short-lived; a round two must match its round one;
// accepted keycards live as long as the bouncer says; hostile keycards are
// refused before any bouncer sees them.
#define BOOST_TEST_MODULE test - core - bouncer
#include "bouncer_fixture.hpp"

using namespace flu::bouncer;
using namespace flu::bouncer::test;
namespace keycard = flu::keycard;

namespace {

BouncerSpec users() {
  return htpasswd({{"data", {"alice:abzlUXK5ed5rs"}}}); // DES of "pw"
}

} // namespace

BOOST_AUTO_TEST_CASE(a_replayed_response_is_refused) {
  Log log;
  BouncerHost host(users(), log.fn());
  const Login l = login(host, "alice", "pw");
  BOOST_REQUIRE(l.second.state == KeycardState::authenticated);
  const auto replay = host.authenticate(l.answer, "/live/web");
  BOOST_TEST((replay.state == KeycardState::refused));
  BOOST_TEST(reason(replay) == "replayed or expired challenge");
  BOOST_TEST(host.issued().size() == 1u);
  BOOST_TEST(log.has(FLU_LOG_WARNING, "replayed or expired challenge"), log.all());
}

BOOST_AUTO_TEST_CASE(a_failed_answer_uses_up_its_challenge_too) {
  BouncerHost host(users(), nullptr);
  const auto first = host.authenticate(keycard::password_request("alice"), "r");
  auto wrong = keycard::password_response(first.keycard, "alice", "wrong");
  BOOST_TEST(reason(host.authenticate(wrong, "r")) == "wrong password");
  auto right = keycard::password_response(first.keycard, "alice", "pw");
  BOOST_TEST(reason(host.authenticate(right, "r")) == "replayed or expired challenge");
}

BOOST_AUTO_TEST_CASE(a_tampered_response_is_refused) {
  BouncerHost host(users(), nullptr);
  const auto first = host.authenticate(keycard::password_request("alice"), "r");
  auto answer = keycard::password_response(first.keycard, "alice", "pw");
  std::string response = keycard::get(answer, "response");
  response[10] = response[10] == '0' ? '1' : '0';
  keycard::set(answer, "response", response);
  const auto d = host.authenticate(answer, "r");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(reason(d) == "wrong password");
  // A response cut short or grown is no better.
  for (const std::string &bad :
       {response.substr(0, 63), response + "0", std::string("")}) {
    const auto again = host.authenticate(keycard::password_request("alice"), "r");
    auto a = keycard::password_response(again.keycard, "alice", "pw");
    keycard::set(a, "response", bad);
    BOOST_TEST((host.authenticate(a, "r").state == KeycardState::refused));
  }
}

BOOST_AUTO_TEST_CASE(the_peers_own_challenge_is_ignored) {
  BouncerHost host(users(), nullptr);
  // The peer answers a challenge of its own choosing: checked against the
  // issued one, it fails.
  auto first = host.authenticate(keycard::password_request("alice"), "r");
  KeycardFields mine = first.keycard;
  keycard::set(mine, "challenge", "a nonce the attacker has a response for");
  auto answer = keycard::password_response(mine, "alice", "pw");
  keycard::set(answer, "challenge", "a nonce the attacker has a response for");
  auto d = host.authenticate(answer, "r");
  BOOST_TEST((d.state == KeycardState::refused));
  BOOST_TEST(reason(d) == "wrong password");

  // A right answer with a made-up challenge beside it still passes: the
  // field is replaced, not trusted.
  first = host.authenticate(keycard::password_request("alice"), "r");
  answer = keycard::password_response(first.keycard, "alice", "pw");
  keycard::set(answer, "challenge", "whatever");
  BOOST_TEST((host.authenticate(answer, "r").state == KeycardState::authenticated));

  // A response with no challenge of ours behind it is refused outright.
  KeycardFields no_id = {{"kind", "password"},
                         {"username", "alice"},
                         {"challenge", "c"},
                         {"response", keycard::response("abzlUXK5ed5rs", "c")}};
  d = host.authenticate(no_id, "r");
  BOOST_TEST(reason(d) == "replayed or expired challenge");
  keycard::set(no_id, "id", "0123456789abcdef0123456789abcdef");
  BOOST_TEST(reason(host.authenticate(no_id, "r")) == "replayed or expired challenge");
}

BOOST_AUTO_TEST_CASE(a_challenge_expires_after_30_seconds) {
  BouncerHost host(users(), nullptr);
  const auto first = host.authenticate(keycard::password_request("alice"), "r");
  host.sweep(now_ms() + 29'000);
  const auto kept = host.authenticate(keycard::password_request("alice"), "r");
  host.sweep(now_ms() + 31'000);
  for (const auto &challenge : {first, kept}) {
    const auto answer = keycard::password_response(challenge.keycard, "alice", "pw");
    BOOST_TEST(reason(host.authenticate(answer, "r")) == "replayed or expired challenge");
  }
}

BOOST_AUTO_TEST_CASE(round_two_must_come_from_the_same_user_and_address) {
  BouncerHost host(htpasswd({{"data", {"alice:abzlUXK5ed5rs", "bob:abzlUXK5ed5rs"}}}),
                   nullptr);
  auto first = host.authenticate(keycard::password_request("alice"), "r");
  auto answer = keycard::password_response(first.keycard, "bob", "pw");
  BOOST_TEST(reason(host.authenticate(answer, "r")) ==
             "username changed during the challenge");

  auto request = keycard::password_request("alice");
  keycard::set(request, "address", "10.0.0.1");
  first = host.authenticate(request, "r");
  answer = keycard::password_response(first.keycard, "alice", "pw");
  keycard::set(answer, "address", "10.0.0.2");
  BOOST_TEST(reason(host.authenticate(answer, "r")) ==
             "address changed during the challenge");

  // Without an address at round two, round one's holds.
  first = host.authenticate(request, "r");
  answer = keycard::password_response(first.keycard, "alice", "pw");
  BOOST_TEST((host.authenticate(answer, "r").state == KeycardState::authenticated));
  BOOST_TEST(host.issued().back().address == "10.0.0.1");
}

BOOST_AUTO_TEST_CASE(ttl_and_duration_expire_keycards_through_sweep) {
  BouncerHost host(token({{"token", {"t1"}}, {"ttl", {"10"}}, {"duration", {"60"}}}),
                   nullptr);
  std::vector<std::pair<std::string, std::string>> expired;
  host.on_expired([&](const Issued &is, const std::string &why) {
    expired.emplace_back(is.id, why);
    BOOST_TEST(is.requester == "/live/web");
  });
  const auto d = host.authenticate(keycard::token_request("t1"), "/live/web");
  BOOST_REQUIRE(d.state == KeycardState::authenticated);
  BOOST_TEST(field(d, "ttl") == "10");
  BOOST_TEST(field(d, "duration") == "60");
  const Issued is = host.issued().at(0);
  BOOST_TEST(is.ttl_ms == 10'000);
  BOOST_TEST(is.expires_ms == is.issued_ms + 60'000);

  host.sweep(is.issued_ms + 9'999);
  BOOST_TEST(expired.empty());
  host.sweep(is.issued_ms + 10'000);
  BOOST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(expired[0].first == is.id);
  BOOST_TEST(expired[0].second == "its time to live ran out");
  BOOST_TEST(host.issued().empty());
  BOOST_TEST(!host.keep_alive(is.id));

  // A keep-alive renews the idle time, not the duration.
  const auto d2 = host.authenticate(keycard::token_request("t1"), "/live/web");
  const Issued is2 = host.issued().at(0);
  BOOST_TEST(host.keep_alive(field(d2, "id")));
  host.sweep(now_ms() + 9'000);
  BOOST_TEST(expired.size() == 1u);
  host.sweep(is2.expires_ms);
  BOOST_REQUIRE(expired.size() == 2u);
  BOOST_TEST(expired[1].second == "its duration is over");
}

BOOST_AUTO_TEST_CASE(without_ttl_or_duration_a_keycard_stays_until_expired) {
  Log log;
  BouncerHost host(token({{"token", {"t1"}}}), log.fn());
  std::vector<std::string> reasons;
  host.on_expired([&](const Issued &is, const std::string &why) {
    reasons.push_back(why);
    // The handler may call back in: the keycard is already gone.
    BOOST_TEST(!host.expire(is.id, "again"));
  });
  const auto d = host.authenticate(keycard::token_request("t1"), "/live/web");
  BOOST_TEST(field(d, "ttl").empty());
  BOOST_TEST(field(d, "duration").empty());
  host.sweep(now_ms() + 1000LL * 3600 * 24 * 365);
  BOOST_TEST(host.issued().size() == 1u);
  BOOST_TEST(!host.expire("no-such-id", "why"));
  BOOST_TEST(host.expire(field(d, "id"), "kicked by an operator"));
  BOOST_TEST(reasons == std::vector<std::string>{"kicked by an operator"});
  BOOST_TEST(host.issued().empty());
  BOOST_TEST(!host.expire(field(d, "id"), "twice"));
  BOOST_TEST(log.has(FLU_LOG_INFO, "expired keycard " + field(d, "id") +
                                       " of /live/web: kicked by an operator"),
             log.all());
}

BOOST_AUTO_TEST_CASE(hostile_keycards_are_refused_without_crashing) {
  Log log;
  BouncerHost host(
      multi("users or tokens or lan",
            {consult("users", users()), consult("tokens", token({{"token", {"t"}}})),
             consult("lan", ip({{"allow", {"10.0.0.0/8"}}}))}),
      log.fn());
  const std::string huge(1 << 20, 'a');
  const std::vector<std::pair<KeycardFields, std::string>> cases = {
      {{}, "lan: no address"},
      {{{"kind", "password"}}, "no username"},
      {{{"kind", "password"}, {"username", huge}},
       "too long (1048576 bytes, at most 4096)"},
      {{{"kind", "token"}, {"token", huge}}, "too long"},
      {{{huge, "x"}}, "is empty or too long"},
      {{{"", "x"}}, "is empty or too long"},
      {{{"kind", "no-such-kind"}, {"username", "alice"}},
       "users: not a password keycard"},
      {{{"kind", "password"}, {"username", std::string("ali\0ce", 6)}}, "NUL byte"},
      {{{"kind", "token"}, {"kind", "password"}, {"username", "alice"}}, "given twice"},
      {{{"address", "not an address\n[forged log line]"}}, "not an IP address"},
      {{{"address", "::ffff:999.0.0.1"}}, "not an IP address"},
      {{{"id", huge.substr(0, 4000)}}, "replayed or expired challenge"},
  };
  for (const auto &[card, expected] : cases) {
    const auto d = host.authenticate(card, "/live/web");
    BOOST_TEST((d.state == KeycardState::refused), reason(d));
    BOOST_TEST(contains(reason(d), expected), reason(d) << " lacks " << expected);
  }
  KeycardFields many;
  for (int i = 0; i < 100; ++i)
    many.emplace_back("f" + std::to_string(i), "v");
  BOOST_TEST(reason(host.authenticate(many, "r")) ==
             "keycard has 100 fields, at most 32");
  // Nothing a peer sent reaches the log unescaped or uncut.
  for (const auto &[level, text] : *log.lines) {
    BOOST_TEST(text.size() < 1000u, text.substr(0, 200));
    BOOST_TEST(!contains(text, "\n"), text);
  }
  BOOST_TEST(host.issued().empty());
}
