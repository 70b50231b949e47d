// Feed grants: an eater gets a feed only with the token the manager granted
// it for that feed, and not after the manager revoked the grant.
#define BOOST_TEST_MODULE flu_worker
#include "feed_grants.hpp"

#include <boost/test/unit_test.hpp>

using flu::message::FeedGrant;
using flu::worker::FeedGrants;

namespace {

const std::string feed = "/default/muxer:default";
const std::string eater = "/default/http";

FeedGrant grant(std::string token, bool revoked = false) {
  return {feed, eater, std::move(token), revoked};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_granted_eater_with_its_token_gets_the_feed) {
  FeedGrants grants;
  grants.apply(grant("t0ken"));
  BOOST_TEST(grants.granted(feed, eater, "t0ken"));
}

BOOST_AUTO_TEST_CASE(nothing_is_granted_before_the_manager_says_so) {
  FeedGrants grants;
  BOOST_TEST(!grants.granted(feed, eater, ""));
  BOOST_TEST(!grants.granted(feed, eater, "t0ken"));
}

BOOST_AUTO_TEST_CASE(a_wrong_token_another_eater_or_another_feed_is_refused) {
  FeedGrants grants;
  grants.apply(grant("t0ken"));
  BOOST_TEST(!grants.granted(feed, eater, "t0ke"));
  BOOST_TEST(!grants.granted(feed, eater, "t0kenX"));
  BOOST_TEST(!grants.granted(feed, eater, ""));
  BOOST_TEST(!grants.granted(feed, "/default/disk", "t0ken"));
  BOOST_TEST(!grants.granted("/default/muxer:other", eater, "t0ken"));
}

BOOST_AUTO_TEST_CASE(a_new_grant_replaces_the_old_token) {
  FeedGrants grants;
  grants.apply(grant("first"));
  grants.apply(grant("second"));
  BOOST_TEST(!grants.granted(feed, eater, "first"));
  BOOST_TEST(grants.granted(feed, eater, "second"));
}

BOOST_AUTO_TEST_CASE(a_revoked_grant_lets_nobody_in) {
  FeedGrants grants;
  grants.apply(grant("t0ken"));
  grants.apply({feed, "/default/disk", "other", false});
  grants.apply(grant("", true));
  BOOST_TEST(!grants.granted(feed, eater, "t0ken"));
  BOOST_TEST(!grants.granted(feed, eater, ""));
  // Only that eater's grant goes.
  BOOST_TEST(grants.granted(feed, "/default/disk", "other"));
  // Revoking what was never granted is harmless.
  grants.apply({"/x/y:z", eater, "", true});
  BOOST_TEST(!grants.granted("/x/y:z", eater, ""));
}
