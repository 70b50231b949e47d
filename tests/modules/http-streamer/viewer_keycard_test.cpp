// How a viewer's request becomes a keycard (<flu/sdk/viewer_auth.hpp>):
// Basic credentials, ?token=, or the address alone.
#define BOOST_TEST_MODULE http_streamer_viewer_keycard
#include <flu/sdk/viewer_auth.hpp>

#include <boost/test/unit_test.hpp>

using namespace flu::sdk;

namespace {

std::string basic(const std::string &user_colon_password) {
  gchar *encoded =
      g_base64_encode(reinterpret_cast<const guchar *>(user_colon_password.data()),
                      user_colon_password.size());
  std::string header = std::string("Basic ") + encoded;
  g_free(encoded);
  return header;
}

} // namespace

BOOST_AUTO_TEST_CASE(basic_credentials_are_decoded) {
  const auto c = basic_credentials(basic("alice:pa:ss word"));
  BOOST_REQUIRE(c);
  BOOST_TEST(c->username == "alice");
  BOOST_TEST(c->password == "pa:ss word"); // only the first colon splits
  BOOST_TEST(basic_credentials("basic   " + basic("bob:x").substr(6) + "  ")->username ==
             "bob");
  const auto empty = basic_credentials(basic(":"));
  BOOST_REQUIRE(empty);
  BOOST_TEST(empty->username.empty());
}

BOOST_AUTO_TEST_CASE(other_schemes_and_garbage_are_no_credentials) {
  BOOST_TEST(!basic_credentials(""));
  BOOST_TEST(!basic_credentials("Bearer abc"));
  BOOST_TEST(!basic_credentials("Basic"));
  BOOST_TEST(!basic_credentials("Basic "));
  BOOST_TEST(!basic_credentials("Basicx " + basic("a:b").substr(6)));
  BOOST_TEST(!basic_credentials("Basic !!!!"));
  BOOST_TEST(!basic_credentials(basic("no colon")));
  BOOST_TEST(!basic_credentials(basic(std::string("a:b\0c", 5))));
}

BOOST_AUTO_TEST_CASE(query_values_are_form_decoded) {
  BOOST_TEST(query_value("token=abc", "token").value() == "abc");
  BOOST_TEST(query_value("a=1&token=x%2By+z&b=2", "token").value() == "x+y z");
  BOOST_TEST((query_value("tokens=1", "token") == std::nullopt));
  BOOST_TEST((query_value("", "token") == std::nullopt));
  BOOST_TEST((query_value("token=%zz", "token") == std::nullopt)); // malformed
  BOOST_TEST(query_value("token=", "token").value().empty());
}

BOOST_AUTO_TEST_CASE(keycards_for_each_kind_carry_address_and_path) {
  const KeycardFields password =
      viewer_keycard(basic("alice:secret"), "token=ignored", "192.0.2.7", "/live");
  BOOST_TEST((password == KeycardFields{{"kind", "password"},
                                        {"username", "alice"},
                                        {"password", "secret"},
                                        {"address", "192.0.2.7"},
                                        {"path", "/live"}}));
  BOOST_TEST(
      (viewer_keycard("", "token=t%201", "::1", "/live") ==
       KeycardFields{
           {"kind", "token"}, {"token", "t 1"}, {"address", "::1"}, {"path", "/live"}}));
  BOOST_TEST(
      (viewer_keycard("Bearer x", "", "10.0.0.1", "/live") ==
       KeycardFields{{"kind", "address"}, {"address", "10.0.0.1"}, {"path", "/live"}}));
}
