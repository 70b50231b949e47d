// The FGDP handshake as lines: both sides that know the secret finish and
// prove it to each other; a wrong secret, user or role, a replayed proof
// or garbage is refused, with the reason on the refusing side and the
// refusal line for the other.
#define BOOST_TEST_MODULE fgdp_handshake
#include "fgdp_handshake.hpp"

#include <boost/test/unit_test.hpp>

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
