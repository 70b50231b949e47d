// What monitor events mean for the log (the ROUTER) and for the owner (a
// DEALER), including the cases real sockets cannot produce on demand:
// several connections in their handshake at once, where a success cannot be
// pinned on one of them.
#include "contains.hpp"
#include "link/handshake_log.hpp"

#include <boost/test/unit_test.hpp>

#include <zmq.h>

#include <ostream>

namespace flu::log {
std::ostream &operator<<(std::ostream &out, Level level) {
  return out << "level " << static_cast<int>(level);
}
} // namespace flu::log

using namespace flu;
using namespace flu::link;

namespace {

MonitorEvent ev(uint16_t event, uint32_t value = 0) { return {event, value, {}}; }
const MonitorEvent succeeded = ev(ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
const MonitorEvent wrong_key =
    ev(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
MonitorEvent closed(int fd) { return ev(ZMQ_EVENT_DISCONNECTED, fd); }

using flu::test::contains;

} // namespace

BOOST_AUTO_TEST_SUITE(handshake_log)

BOOST_AUTO_TEST_CASE(a_failure_is_pinned_on_the_next_disconnect_with_its_address) {
  ServerHandshakes h(true);
  h.accepted(7, "192.0.2.1:40000");
  h.accepted(8, "192.0.2.2:40001");
  BOOST_TEST(!h.event(wrong_key));
  auto line = h.event(closed(8));
  BOOST_REQUIRE(line);
  BOOST_TEST(line->level == log::Level::warning);
  BOOST_TEST(line->text == "refused a connection from 192.0.2.2:40001: CURVE handshake "
                           "failed (the peer does not have this manager's key?)");
  BOOST_TEST(!h.event(succeeded));
  BOOST_TEST(h.event(closed(7))->level == log::Level::debug);
}

BOOST_AUTO_TEST_CASE(a_mechanism_mismatch_says_which_side_is_insecure) {
  const auto mismatch =
      ev(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
  ServerHandshakes curve(true), plain(false);
  curve.accepted(3, "192.0.2.1:1");
  plain.accepted(3, "192.0.2.1:1");
  curve.event(mismatch);
  plain.event(mismatch);
  BOOST_TEST(contains(curve.event(closed(3))->text, "does not speak CURVE"));
  BOOST_TEST(contains(plain.event(closed(3))->text, "this manager runs insecure"));
}

BOOST_AUTO_TEST_CASE(a_silent_close_in_the_handshake_is_a_refusal) {
  ServerHandshakes h(true);
  h.accepted(5, "192.0.2.1:2");
  auto line = h.event(closed(5));
  BOOST_TEST(line->level == log::Level::warning);
  BOOST_TEST(contains(line->text, "refused a connection from 192.0.2.1:2"));
  BOOST_TEST(contains(line->text, "not a flu peer?"));
}

BOOST_AUTO_TEST_CASE(a_close_after_the_handshake_is_no_refusal) {
  ServerHandshakes h(true);
  h.accepted(5, "192.0.2.1:2");
  h.event(succeeded);
  BOOST_TEST(h.event(closed(5))->level == log::Level::debug);
}

BOOST_AUTO_TEST_CASE(an_address_not_read_in_time_is_said_to_be_unknown) {
  ServerHandshakes h(true);
  h.accepted(5, "");
  h.event(wrong_key);
  BOOST_TEST(contains(h.event(closed(5))->text, "an unknown address"));
}

BOOST_AUTO_TEST_CASE(a_success_that_cannot_be_pinned_never_makes_a_false_warning) {
  ServerHandshakes h(true);
  h.accepted(5, "192.0.2.1:5");
  h.accepted(6, "192.0.2.1:6");
  h.event(succeeded); // 5's or 6's
  BOOST_TEST(h.event(closed(5))->level == log::Level::debug);
  // 6 is the only one left: given the success, whoever closed first.
  BOOST_TEST(h.event(closed(6))->level == log::Level::debug);

  // With both succeeded, both are established.
  h.accepted(5, "192.0.2.1:7");
  h.accepted(6, "192.0.2.1:8");
  h.event(succeeded);
  h.event(succeeded);
  h.accepted(9, "192.0.2.1:9");
  BOOST_TEST(h.event(closed(6))->level == log::Level::debug);
  BOOST_TEST(h.event(closed(9))->level == log::Level::warning);
  BOOST_TEST(h.event(closed(5))->level == log::Level::debug);
}

BOOST_AUTO_TEST_CASE(a_client_reports_the_second_close_in_a_row_once) {
  ClientHandshakes c("tcp://192.0.2.1:8642", true);
  const auto closed_in_handshake = ev(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, 32);
  BOOST_TEST(!c.event(closed_in_handshake));
  auto why = c.event(closed_in_handshake);
  BOOST_REQUIRE(why);
  BOOST_TEST(*why == "the manager at tcp://192.0.2.1:8642 closed the connection during "
                     "the CURVE handshake: is the pinned manager key right?");
  BOOST_TEST(!c.event(closed_in_handshake));
  c.event(succeeded);
  BOOST_TEST(!c.event(closed_in_handshake));
  BOOST_TEST(c.event(closed_in_handshake).has_value());
}

BOOST_AUTO_TEST_CASE(a_client_reports_an_explicit_refusal_at_once) {
  ClientHandshakes secure("tcp://m:1", true), insecure("tcp://m:1", false);
  const auto mismatch =
      ev(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);
  BOOST_TEST(contains(*secure.event(mismatch), "is it running insecure?"));
  BOOST_TEST(contains(*insecure.event(mismatch), "requires CURVE"));
}

BOOST_AUTO_TEST_SUITE_END()
