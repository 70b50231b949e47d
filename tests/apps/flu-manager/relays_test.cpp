// Relays: an answer is routed only to the request it answers, from the
// component it was sent to; requests past their deadline are expired.
#include "relays.hpp"

#include <boost/test/unit_test.hpp>

using flu::manager::Relays;

BOOST_AUTO_TEST_CASE(an_invoke_answer_is_taken_once_from_its_target) {
  Relays relays;
  const uint64_t a = relays.add(Relays::Invoke{"admin-1", 7, "/default/http", 1000});
  const uint64_t b = relays.add(Relays::Invoke{"admin-2", 8, "/default/disk", 1000});
  BOOST_TEST(a != b);
  BOOST_TEST(!relays.take_invoke(a, "/default/disk")); // not from that component
  const auto taken = relays.take_invoke(a, "/default/http");
  BOOST_REQUIRE(taken.has_value());
  BOOST_TEST(taken->admin == "admin-1");
  BOOST_TEST(taken->request_id == 7u);
  BOOST_TEST(!relays.take_invoke(a, "/default/http")); // answered already
  BOOST_TEST(relays.take_invoke(b, "/default/disk").has_value());
}

BOOST_AUTO_TEST_CASE(late_requests_expire_and_their_answers_are_ignored) {
  Relays relays;
  const uint64_t early = relays.add(Relays::Invoke{"admin", 1, "/a/b", 100});
  const uint64_t later = relays.add(Relays::Invoke{"admin", 2, "/a/b", 500});
  const uint64_t auth = relays.add(Relays::Auth{"/a/b", 9, "/atmosphere/bouncer", 100});
  const auto expired = relays.expire(100);
  BOOST_REQUIRE(expired.size() == 1u);
  BOOST_TEST(expired[0].request_id == 1u);
  BOOST_TEST(!relays.take_invoke(early, "/a/b"));
  BOOST_TEST(relays.auth(auth) == nullptr);
  BOOST_TEST(relays.take_invoke(later, "/a/b").has_value());
}

BOOST_AUTO_TEST_CASE(issued_keycards_are_remembered_until_forgotten) {
  Relays relays;
  const uint64_t auth = relays.add(Relays::Auth{"/a/b", 9, "/atmosphere/bouncer", 100});
  BOOST_REQUIRE(relays.auth(auth) != nullptr);
  BOOST_TEST(relays.auth(auth)->requester == "/a/b");
  relays.drop_auth(auth);
  BOOST_TEST(relays.auth(auth) == nullptr);
  relays.issued("kc-1", {"/atmosphere/bouncer", "/a/b"});
  const auto keycard = relays.keycard("kc-1");
  BOOST_REQUIRE(keycard.has_value());
  BOOST_TEST(keycard->requester == "/a/b");
  BOOST_TEST(!relays.keycard("kc-2"));
  relays.forget_keycard("kc-1");
  BOOST_TEST(!relays.keycard("kc-1"));
}
