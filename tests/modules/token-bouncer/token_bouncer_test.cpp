// token-bouncer through BouncerHost: tokens accepted or refused, and the
// owner a token may name.
#define BOOST_TEST_MODULE test - modules - token - bouncer
#include "../bouncer_fixture.hpp"

using namespace flu::bouncer;
using namespace flu::bouncer::test;
namespace keycard = flu::keycard;

BOOST_AUTO_TEST_CASE(tokens_are_accepted_or_refused_and_may_name_their_owner) {
  BouncerHost host(token({{"token", {"plain-token", "carol:carols-token", "x:a:b"}}}),
                   nullptr);
  auto d = host.authenticate(keycard::token_request("plain-token"), "/live/web");
  BOOST_TEST((d.state == KeycardState::authenticated));
  BOOST_TEST(field(d, "username").empty());
  d = host.authenticate(keycard::token_request("carols-token"), "/live/web");
  BOOST_TEST((d.state == KeycardState::authenticated));
  BOOST_TEST(field(d, "username") == "carol");
  BOOST_TEST(issued(host, field(d, "id")).username == "carol");
  // Only the first ':' separates the owner.
  BOOST_TEST((host.authenticate(keycard::token_request("a:b"), "r").state ==
              KeycardState::authenticated));

  for (const std::string wrong : {"plain-toke", "plain-token ", "Plain-token",
                                  "carol:carols-token", "carols-token-and-more"}) {
    d = host.authenticate(keycard::token_request(wrong), "r");
    BOOST_TEST((d.state == KeycardState::refused), wrong);
    BOOST_TEST(reason(d) == "unknown token");
  }
  BOOST_TEST(reason(host.authenticate({{"kind", "token"}}, "r")) == "no token");
}
