// ip-bouncer through BouncerHost: networks allowed and denied, the most
// specific network first, IPv4 and IPv6.
#define BOOST_TEST_MODULE test - modules - ip - bouncer
#include "../bouncer_fixture.hpp"

using namespace flu::bouncer;
using namespace flu::bouncer::test;
namespace keycard = flu::keycard;

namespace {

Decision from(BouncerHost &host, const std::string &address) {
  return host.authenticate({{"kind", "address"}, {"address", address}}, "/live/web");
}

bool admits(BouncerHost &host, const std::string &address) {
  return from(host, address).state == KeycardState::authenticated;
}

} // namespace

BOOST_AUTO_TEST_CASE(ip_bouncer_allows_denies_and_falls_back_to_its_default) {
  BouncerHost deny_default(
      ip({{"allow", {"10.0.0.0/8", "192.168.1.7"}}, {"deny", {"10.66.0.0/16"}}}),
      nullptr);
  BOOST_TEST(admits(deny_default, "10.1.2.3"));
  BOOST_TEST(admits(deny_default, "192.168.1.7"));
  BOOST_TEST(!admits(deny_default, "192.168.1.8"));
  BOOST_TEST(!admits(deny_default, "10.66.1.1"));
  BOOST_TEST(!admits(deny_default, "8.8.8.8"));
  BOOST_TEST(reason(from(deny_default, "8.8.8.8")) == "address 8.8.8.8 is not allowed");
  BOOST_TEST(reason(from(deny_default, "10.66.1.1")) ==
             "address 10.66.1.1 is denied by 10.66.0.0/16");
  // An IPv4-mapped IPv6 address is the IPv4 address.
  BOOST_TEST(admits(deny_default, "::ffff:10.1.2.3"));
  BOOST_TEST(!admits(deny_default, "::ffff:10.66.1.1"));

  BouncerHost allow_default(ip({{"deny", {"203.0.113.0/24"}}, {"default", {"allow"}}}),
                            nullptr);
  BOOST_TEST(admits(allow_default, "8.8.8.8"));
  BOOST_TEST(!admits(allow_default, "203.0.113.9"));

  // Any kind of keycard: the address decides.
  auto card = keycard::password_request("alice");
  keycard::set(card, "address", "10.0.0.1");
  BOOST_TEST((deny_default.authenticate(card, "r").state == KeycardState::authenticated));
  BOOST_TEST(reason(deny_default.authenticate(keycard::token_request("t"), "r")) ==
             "no address");
}

BOOST_AUTO_TEST_CASE(the_most_specific_network_wins_and_deny_wins_a_tie) {
  BouncerHost host(ip({{"allow", {"10.0.0.0/8", "10.1.1.0/24", "172.16.0.0/12"}},
                       {"deny", {"10.1.0.0/16", "172.16.0.0/12"}}}),
                   nullptr);
  BOOST_TEST(admits(host, "10.2.0.1"));    // /8 allows
  BOOST_TEST(!admits(host, "10.1.2.1"));   // /16 denies over /8
  BOOST_TEST(admits(host, "10.1.1.1"));    // /24 allows over /16
  BOOST_TEST(!admits(host, "172.16.5.5")); // same /12 allowed and denied: deny
}

BOOST_AUTO_TEST_CASE(ip_bouncer_speaks_ipv6) {
  BouncerHost host(ip({{"allow", {"2001:db8::/32", "::1", "fe80::/10"}},
                       {"deny", {"2001:db8:bad::/48"}}}),
                   nullptr);
  BOOST_TEST(admits(host, "2001:db8::1"));
  BOOST_TEST(admits(host, "2001:db8:ffff:1::2"));
  BOOST_TEST(admits(host, "[2001:db8::1]"));
  BOOST_TEST(!admits(host, "2001:db8:bad::1"));
  BOOST_TEST(!admits(host, "2001:db9::1"));
  BOOST_TEST(admits(host, "::1"));
  BOOST_TEST(!admits(host, "::2"));
  BOOST_TEST(admits(host, "fe80::1234"));
  // IPv4 rules never match IPv6 addresses, and the other way round.
  BouncerHost v4(ip({{"allow", {"0.0.0.0/0"}}}), nullptr);
  BOOST_TEST(admits(v4, "1.2.3.4"));
  BOOST_TEST(!admits(v4, "2001:db8::1"));
  BouncerHost v6(ip({{"allow", {"::/0"}}}), nullptr);
  BOOST_TEST(admits(v6, "2001:db8::1"));
  BOOST_TEST(!admits(v6, "1.2.3.4"));
  // A rule written as a mapped address is an IPv4 rule.
  BouncerHost mapped(ip({{"allow", {"::ffff:10.0.0.0/104"}}}), nullptr);
  BOOST_TEST(admits(mapped, "10.9.9.9"));
  BOOST_TEST(!admits(mapped, "11.0.0.1"));
}
