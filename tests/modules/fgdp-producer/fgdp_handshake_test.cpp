// The FGDP handshake as lines: both sides that know the secret finish and
// prove it to each other; a wrong secret, user or role, a replayed proof
// or garbage is refused, with the reason on the refusing side and the
// refusal line for the other. In keycard mode the producer's bouncer
// decides, the password crossing neither the link nor the bouncer.
#define BOOST_TEST_MODULE fgdp_handshake
#include "fgdp_handshake.hpp"

#include <flu/sdk/challenge.hpp>

#include <boost/test/unit_test.hpp>

#include <crypt.h>

#include <map>

using namespace flu::fgdp;

namespace {

std::string strip(std::string line) {
  if (!line.empty() && line.back() == '\n')
    line.pop_back();
  return line;
}

// Runs both sides against each other; "" when both finished, else the
// refusing side's reason.
std::string converse(Handshake &initiator, Handshake &acceptor) {
  try {
    std::string line = initiator.start();
    for (int turn = 0; turn < 4 && !(initiator.done() && acceptor.done()); ++turn) {
      Handshake &to = turn % 2 == 0 ? acceptor : initiator;
      line = to.receive(strip(line));
    }
    return initiator.done() && acceptor.done() ? "" : "unfinished";
  } catch (const HandshakeError &e) {
    return e.what();
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(both_sides_with_the_secret_finish) {
  Handshake consumer(Side::initiator, Role::consumer, "origin", "s3cret");
  Handshake producer(Side::acceptor, Role::producer, "origin", "s3cret");
  BOOST_TEST(converse(consumer, producer) == "");
  // The other way round: a producer behind a firewall connects.
  Handshake p(Side::initiator, Role::producer, "edge", "s3cret");
  Handshake c(Side::acceptor, Role::consumer, "edge", "s3cret");
  BOOST_TEST(converse(p, c) == "");
}

BOOST_AUTO_TEST_CASE(the_secret_never_crosses) {
  Handshake consumer(Side::initiator, Role::consumer, "origin", "s3cret");
  Handshake producer(Side::acceptor, Role::producer, "origin", "s3cret");
  std::string all = consumer.start();
  const std::string challenge = producer.receive(strip(all));
  const std::string auth = consumer.receive(strip(challenge));
  const std::string ok = producer.receive(strip(auth));
  all += challenge + auth + ok;
  BOOST_TEST(all.find("s3cret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_is_refused) {
  Handshake consumer(Side::initiator, Role::consumer, "origin", "guess");
  Handshake producer(Side::acceptor, Role::producer, "origin", "s3cret");
  BOOST_TEST(converse(consumer, producer) == "wrong credentials");
  BOOST_TEST(producer.refusal() == "FGDP/1.0 ERROR wrong credentials\n");
  // The refusal, read by the initiator, is the peer's.
  try {
    consumer.receive(strip(producer.refusal()));
    BOOST_FAIL("a refusal accepted");
  } catch (const HandshakeError &e) {
    BOOST_TEST(e.refused_by_peer());
    BOOST_TEST(std::string(e.what()) == "wrong credentials");
  }
}

BOOST_AUTO_TEST_CASE(an_acceptor_without_the_secret_is_found_out) {
  // The acceptor cannot make a proof without the secret: the initiator
  // refuses its OK.
  Handshake consumer(Side::initiator, Role::consumer, "origin", "s3cret");
  Handshake impostor(Side::acceptor, Role::producer, "origin", "other");
  const std::string challenge = impostor.receive(strip(consumer.start()));
  consumer.receive(strip(challenge));
  BOOST_CHECK_THROW(consumer.receive("FGDP/1.0 OK " + std::string(64, '0')),
                    HandshakeError);
  BOOST_TEST(consumer.refusal() ==
             "FGDP/1.0 ERROR the peer does not know the shared secret\n");
}

BOOST_AUTO_TEST_CASE(wrong_user_role_and_garbage_are_refused) {
  Handshake producer(Side::acceptor, Role::producer, "origin", "s3cret");
  Handshake stranger(Side::initiator, Role::consumer, "someone", "s3cret");
  BOOST_TEST(converse(stranger, producer) == "wrong credentials");

  Handshake producer2(Side::acceptor, Role::producer, "origin", "s3cret");
  Handshake other_producer(Side::initiator, Role::producer, "origin", "s3cret");
  BOOST_TEST(converse(other_producer, producer2) ==
             "a producer takes a consumer, not 'producer'");

  for (const char *garbage :
       {"", "HELLO", "FGDP/1.0", "FGDP/1.0 HELLO consumer origin zz", "FGDP/1.0 AUTH 00",
        "GET / HTTP/1.1"}) {
    Handshake p(Side::acceptor, Role::producer, "origin", "s3cret");
    BOOST_CHECK_THROW(p.receive(garbage), HandshakeError);
  }
  Handshake p(Side::acceptor, Role::producer, "origin", "s3cret");
  BOOST_CHECK_THROW(p.receive(std::string(Handshake::max_line + 1, 'x')), HandshakeError);
}

BOOST_AUTO_TEST_CASE(a_proof_cannot_be_replayed) {
  // A proof recorded from one handshake fails in the next: fresh nonces.
  Handshake c1(Side::initiator, Role::consumer, "origin", "s3cret");
  Handshake p1(Side::acceptor, Role::producer, "origin", "s3cret");
  const std::string auth = c1.receive(strip(p1.receive(strip(c1.start()))));
  Handshake c2(Side::initiator, Role::consumer, "origin", "s3cret");
  Handshake p2(Side::acceptor, Role::producer, "origin", "s3cret");
  p2.receive(strip(c2.start()));
  BOOST_CHECK_THROW(p2.receive(strip(auth)), HandshakeError);
}

// Keycard mode: a bouncer that knows bob's salted SHA-256 hash (what the
// saltsha256-bouncer stores), checking the response as flu's bouncers do
// (<flu/sdk/challenge.hpp>), with a nonce of its own.
namespace {

struct FakeBouncer {
  std::string salt = "a1b2c3", hashed, nonce = "5eed", id = "card-1";
  std::string password_seen; // anything that looks like a password field
  explicit FakeBouncer(const std::string &password) {
    const std::string salted = salt + password;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(salted.data()),
                       salted.size());
    hashed = salt + flu::sdk::hex(std::string(reinterpret_cast<const char *>(digest),
                                              sizeof digest));
  }
  BouncerAnswer decide(const KeycardFields &card) {
    std::map<std::string, std::string> f(card.begin(), card.end());
    if (f.count("password"))
      password_seen = f["password"];
    if (f["username"] != "bob")
      return {BouncerAnswer::State::refused, {{"reason", "no such user"}}};
    if (!f.count("id"))
      return {
          BouncerAnswer::State::challenge,
          {{"id", id}, {"scheme", "saltsha256"}, {"salt", salt}, {"challenge", nonce}}};
    if (f["id"] == id && flu::sdk::response_matches(hashed, nonce, f["response"]))
      return {BouncerAnswer::State::authenticated, {{"id", "issued-7"}}};
    return {BouncerAnswer::State::refused, {{"reason", "wrong password"}}};
  }
};

// Runs a keycard handshake, the producer asking `bouncer`; "" when both
// finished, else the refusing side's reason. `wire`: every line sent.
std::string converse_keycard(Handshake &initiator, Handshake &acceptor,
                             FakeBouncer &bouncer, std::string &wire) {
  try {
    std::string line = initiator.start();
    wire += line;
    for (int turn = 0; turn < 8 && !(initiator.done() && acceptor.done()); ++turn) {
      Handshake &to = turn % 2 == 0 ? acceptor : initiator;
      line = to.receive(strip(line));
      if (to.question())
        line = to.answer(bouncer.decide(*to.question()));
      wire += line;
    }
    return initiator.done() && acceptor.done() ? "" : "unfinished";
  } catch (const HandshakeError &e) {
    return e.what();
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(a_keycard_is_decided_by_the_producers_bouncer) {
  FakeBouncer bouncer("builder");
  Handshake consumer(Side::initiator, Role::consumer, "bob", "builder", Auth::keycard);
  Handshake producer(Side::acceptor, Role::producer, "", "", Auth::keycard);
  std::string wire;
  BOOST_TEST(converse_keycard(consumer, producer, bouncer, wire) == "");
  BOOST_TEST(producer.peer_user() == "bob");
  BOOST_TEST(producer.keycard_id() == "issued-7");
  // The password crossed neither the link nor the bouncer's keycards.
  BOOST_TEST(wire.find("builder") == std::string::npos, wire);
  BOOST_TEST(bouncer.password_seen.empty());
  BOOST_TEST(wire.find("KEYCARD card-1 saltsha256 a1b2c3 5eed") != std::string::npos);

  // A producer behind a firewall connects; the consumer names its user.
  FakeBouncer b2("builder");
  Handshake p(Side::initiator, Role::producer, "", "", Auth::keycard);
  Handshake c(Side::acceptor, Role::consumer, "bob", "builder", Auth::keycard);
  std::string wire2;
  BOOST_TEST(converse_keycard(p, c, b2, wire2) == "");
  BOOST_TEST(wire2.find("USER bob") != std::string::npos, wire2);
}

BOOST_AUTO_TEST_CASE(a_wrong_keycard_is_refused_without_saying_why) {
  FakeBouncer bouncer("builder");
  Handshake consumer(Side::initiator, Role::consumer, "bob", "guess", Auth::keycard);
  Handshake producer(Side::acceptor, Role::producer, "", "", Auth::keycard);
  std::string wire;
  BOOST_TEST(converse_keycard(consumer, producer, bouncer, wire) ==
             "the bouncer refused user 'bob': wrong password");
  BOOST_TEST(producer.refusal() == "FGDP/1.0 ERROR wrong credentials\n");
  BOOST_TEST(!producer.done());

  Handshake stranger(Side::initiator, Role::consumer, "eve", "builder", Auth::keycard);
  Handshake p2(Side::acceptor, Role::producer, "", "", Auth::keycard);
  BOOST_TEST(converse_keycard(stranger, p2, bouncer, wire) ==
             "the bouncer refused user 'eve': no such user");
  BOOST_TEST(p2.refusal() == "FGDP/1.0 ERROR wrong credentials\n");

  // A response replayed into a new handshake meets a new challenge.
  FakeBouncer fresh("builder");
  fresh.nonce = "0ther";
  Handshake c1(Side::initiator, Role::consumer, "bob", "builder", Auth::keycard);
  Handshake p1(Side::acceptor, Role::producer, "", "", Auth::keycard);
  p1.receive(strip(c1.start()));
  p1.answer(fresh.decide(*p1.question()));
  p1.receive("FGDP/1.0 RESPONSE " +
             keycard_response("saltsha256", "a1b2c3", "builder", "5eed"));
  BOOST_CHECK_THROW(p1.answer(fresh.decide(*p1.question())), HandshakeError);
}

BOOST_AUTO_TEST_CASE(a_mode_mismatch_is_refused_not_downgraded) {
  FakeBouncer bouncer("builder");
  // A consumer that shares a secret does not answer a bouncer's challenge.
  Handshake consumer(Side::initiator, Role::consumer, "bob", "builder");
  Handshake producer(Side::acceptor, Role::producer, "", "", Auth::keycard);
  std::string wire;
  BOOST_TEST(converse_keycard(consumer, producer, bouncer, wire) ==
             "the fgdp-producer asks for a keycard, but this side shares a secret "
             "(authentication=secret)");
  // A keycard consumer does not take part in a shared-secret proof.
  Handshake c2(Side::initiator, Role::consumer, "bob", "builder", Auth::keycard);
  Handshake p2(Side::acceptor, Role::producer, "bob", "builder");
  BOOST_TEST(converse(c2, p2) ==
             "the fgdp-producer asks for the shared secret, but this side presents a "
             "keycard (authentication=keycard)");
  // The same, the producer connecting.
  Handshake p3(Side::initiator, Role::producer, "", "", Auth::keycard);
  Handshake c3(Side::acceptor, Role::consumer, "bob", "builder");
  BOOST_TEST(converse_keycard(p3, c3, bouncer, wire) ==
             "the fgdp-producer asks for a keycard, but this side shares a secret "
             "(authentication=secret)");
}

BOOST_AUTO_TEST_CASE(the_keycard_response_is_the_bouncers) {
  // crypt(3): the hash's own setting is the salt.
  const std::string setting = "$6$saltsalt$";
  struct crypt_data data = {};
  const std::string hashed = crypt_r("builder", setting.c_str(), &data);
  BOOST_TEST(flu::sdk::response_matches(
      hashed, "n0nce", keycard_response("crypt", setting, "builder", "n0nce")));
  BOOST_TEST(!flu::sdk::response_matches(
      hashed, "n0nce", keycard_response("crypt", setting, "guess", "n0nce")));
  BOOST_CHECK_THROW(keycard_response("rot13", "x", "builder", "n0nce"),
                    std::runtime_error);
}
