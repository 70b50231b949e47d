// The requester's side of authentication, with the bouncer played by the
// test: what goes out (never the password), the challenge answered on the
// component's behalf, time-outs and shutdown.
#include "authenticator.hpp"
#include "keycard/keycard.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>

using namespace flu;
using namespace flu::job;
using message::KeycardFields;
using message::KeycardState;
using namespace std::chrono_literals;

namespace {

struct Answer {
  KeycardState state;
  KeycardFields keycard;
};

struct Fixture {
  boost::asio::io_context io;
  std::vector<message::Authenticate> sent;
  std::vector<Answer> answers;
  Authenticator auth{io, "/flow/streamer",
                     [this](const message::Authenticate &a) { sent.push_back(a); },
                     [](flu_log_level, const std::string &) {}, 10s};

  KeycardDone record() {
    return [this](KeycardState s, const KeycardFields &k) { answers.push_back({s, k}); };
  }
  void reply(uint64_t request, KeycardState state, KeycardFields keycard) {
    auth.on_reply({"/flow/streamer", request, state, std::move(keycard)});
  }
};

bool has_field(const KeycardFields &k, const std::string &name) {
  for (const auto &[n, v] : k)
    if (n == name)
      return true;
  return false;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(a_password_never_leaves_and_the_challenge_is_answered, Fixture) {
  auth.request("viewers",
               {{"kind", "password"},
                {"username", "alice"},
                {"password", "s3cret"},
                {"address", "192.0.2.7"},
                {"path", "/live"}},
               record());
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].component_id == "/flow/streamer");
  BOOST_TEST(sent[0].bouncer == "viewers");
  BOOST_TEST((sent[0].keycard == KeycardFields{{"kind", "password"},
                                               {"username", "alice"},
                                               {"address", "192.0.2.7"},
                                               {"path", "/live"}}));
  reply(
      sent[0].request, KeycardState::challenge,
      {{"id", "c1"}, {"salt", "NaCl"}, {"scheme", "saltsha256"}, {"challenge", "n0nce"}});
  BOOST_TEST(answers.empty());
  BOOST_REQUIRE(sent.size() == 2u);
  const auto &second = sent[1].keycard;
  BOOST_TEST(sent[1].request != sent[0].request);
  BOOST_TEST(keycard::get(second, "id") == "c1");
  BOOST_TEST(keycard::get(second, "username") == "alice");
  BOOST_TEST(keycard::get(second, "address") == "192.0.2.7");
  BOOST_TEST(keycard::get(second, "response") ==
             keycard::response(keycard::hashed_password("saltsha256", "s3cret", "NaCl"),
                               "n0nce"));
  BOOST_TEST(!has_field(second, "password"));

  reply(sent[0].request, KeycardState::authenticated, {{"id", "stale"}}); // ignored
  BOOST_TEST(answers.empty());
  reply(sent[1].request, KeycardState::authenticated, {{"id", "k1"}, {"ttl", "3600"}});
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST((answers[0].state == KeycardState::authenticated));
  BOOST_TEST(keycard::get(answers[0].keycard, "id") == "k1");
  BOOST_TEST(auth.pending() == 0u);
}

BOOST_FIXTURE_TEST_CASE(other_kinds_go_as_they_are_in_one_round, Fixture) {
  auth.request("viewers", {{"kind", "token"}, {"token", "t1"}, {"password", "x"}},
               record());
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST((sent[0].keycard == KeycardFields{{"kind", "token"}, {"token", "t1"}}));
  // A challenge to a keycard without a password is the component's to answer.
  reply(sent[0].request, KeycardState::challenge, {{"id", "c9"}});
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST((answers[0].state == KeycardState::challenge));
}

BOOST_FIXTURE_TEST_CASE(a_second_challenge_and_a_bad_one_are_refusals, Fixture) {
  auth.request("viewers", {{"kind", "password"}, {"username", "bob"}, {"password", "pw"}},
               record());
  reply(sent[0].request, KeycardState::challenge,
        {{"id", "c1"}, {"salt", "s"}, {"scheme", "saltsha256"}, {"challenge", "n"}});
  reply(sent[1].request, KeycardState::challenge,
        {{"id", "c2"}, {"salt", "s"}, {"scheme", "saltsha256"}, {"challenge", "n"}});
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST((answers[0].state == KeycardState::refused));

  auth.request("viewers", {{"kind", "password"}, {"username", "bob"}, {"password", "pw"}},
               record());
  reply(sent[2].request, KeycardState::challenge, {{"id", "c3"}, {"scheme", "rot13"}});
  BOOST_REQUIRE(answers.size() == 2u);
  BOOST_TEST((answers[1].state == KeycardState::refused));
  BOOST_TEST(keycard::get(answers[1].keycard, "reason").find("cannot answer") == 0u);
}

BOOST_AUTO_TEST_CASE(a_bouncer_that_does_not_answer_is_a_refusal) {
  boost::asio::io_context io;
  std::vector<Answer> answers;
  Authenticator auth(
      io, "/flow/streamer", [](const message::Authenticate &) {},
      [](flu_log_level, const std::string &) {}, 50ms);
  auth.request("viewers", {{"kind", "address"}, {"address", "::1"}},
               [&](KeycardState s, const KeycardFields &k) {
                 answers.push_back({s, k});
               });
  io.run_for(5s); // returns once the deadline's handler ran: nothing else is queued
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST((answers[0].state == KeycardState::refused));
  BOOST_TEST(keycard::get(answers[0].keycard, "reason") == "the bouncer did not answer");
}

BOOST_AUTO_TEST_CASE(what_is_pending_at_the_end_is_refused) {
  boost::asio::io_context io;
  std::vector<Answer> answers;
  {
    Authenticator auth(
        io, "/flow/streamer", [](const message::Authenticate &) {},
        [](flu_log_level, const std::string &) {});
    auth.request("viewers", {{"kind", "address"}},
                 [&](KeycardState s, const KeycardFields &k) {
                   answers.push_back({s, k});
                 });
    BOOST_TEST(answers.empty());
  }
  BOOST_REQUIRE(answers.size() == 1u);
  BOOST_TEST((answers[0].state == KeycardState::refused));
  BOOST_TEST(keycard::get(answers[0].keycard, "reason") == "the job is stopping");
}
