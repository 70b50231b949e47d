// Bouncers that cannot start say why: the module, type, property, file:line
// or rule column at fault.
#include "bouncer_fixture.hpp"

using namespace flu::bouncer;
using namespace flu::bouncer::test;

namespace {

void expect(const BouncerSpec &s, const std::string &part) {
  const std::string why = creation_error(s);
  BOOST_TEST(contains(why, part), why << "\n  lacks: " << part);
}

} // namespace

BOOST_AUTO_TEST_CASE(bad_networks_are_named) {
  expect(
      ip({{"allow", {"10.0.0.0/33"}}}),
      "bouncer /atmosphere/bouncer (ip-bouncer): allow: '10.0.0.0/33' is not a network: "
      "the prefix length must be 0 to 32");
  expect(
      ip({{"deny", {"300.1.1.1/8"}}}),
      "deny: '300.1.1.1/8' is not a network: '300.1.1.1' is not an IPv4 or IPv6 address");
  expect(ip({{"allow", {"10.0.0.0/"}}}), "'10.0.0.0/' is not a network");
  expect(ip({{"allow", {"2001:db8::/129"}}}), "must be 0 to 128");
  expect(ip({{"allow", {"10.0.0.0/8x"}}}), "'10.0.0.0/8x' is not a network");
  expect(ip({{"allow", {"lan"}}}), "'lan' is not an IPv4 or IPv6 address");
  expect(ip({{"default", {"maybe"}}}), "default: must be allow or deny, got 'maybe'");
}

BOOST_AUTO_TEST_CASE(malformed_password_lines_are_named_by_file_and_line) {
  TempDir dir;
  const std::string file =
      dir.write("users", "# users\nalice:abzlUXK5ed5rs\n\nbob has no colon\n");
  expect(htpasswd({{"filename", {file}}}), file + ":4: expected user:crypt-hash");
  expect(htpasswd({{"data", {"alice:abzlUXK5ed5rs\nbob:not-a-hash"}}}),
         "data:2: user 'bob': not a crypt(3) hash");
  expect(htpasswd({{"data", {"alice:abzlUXK5ed5rs", "alice:abzlUXK5ed5rs"}}}),
         "data[1]:1: user 'alice' given twice");
  expect(htpasswd({{"data", {"apache:$apr1$salt$hash"}}}),
         "data:1: user 'apache': this system's crypt(3) does not know the hash method "
         "'$apr1$'");
  expect(htpasswd({{"data", {":abzlUXK5ed5rs"}}}), "data:1: expected user:crypt-hash");
  expect(htpasswd({{"filename", {dir.write("x", "").string() + ".missing"}}}),
         "filename: cannot read ");
  expect(htpasswd({}), "give the users in 'filename' or 'data'");

  expect(saltsha256({{"data", {"dave:salt:abc"}}}),
         "data:1: user 'dave': the hash is not 64 hex digits");
  expect(saltsha256({{"data", {"dave:" + std::string(64, 'a')}}}),
         "data:1: expected user:salt:sha256-hex");
}

BOOST_AUTO_TEST_CASE(bad_rules_are_named_by_column) {
  const std::vector<BouncerSpec::Consult> consults = {
      consult("lan", ip({{"allow", {"10.0.0.0/8"}}})),
      consult("users", htpasswd({{"data", {"alice:abzlUXK5ed5rs"}}}))};
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"lan and (users or lan", "rule: expected ')' at column 22, got end of rule"},
      {"lan and", "rule: expected a bouncer name at column 8, got end of rule"},
      {"lan users", "rule: unexpected 'users' at column 5"},
      {"lan and or users", "rule: expected a bouncer name at column 9, got 'or'"},
      {"(lan))", "rule: unexpected ')' at column 6"},
      {"lan & users", "rule: unexpected character '&' at column 5"},
      {"", "rule: empty"},
      {"   ", "rule: empty"},
      {"lan and wan", "rule: no bouncer named 'wan' (column 9)"},
      {std::string(200, '(') + "lan" + std::string(200, ')'), "rule: nested too deeply"},
  };
  for (const auto &[rule, error] : cases)
    BOOST_TEST_CONTEXT(rule) { expect(multi(rule, consults), error); }
  expect(multi("lan", {}), "rule: no bouncer named 'lan'");
}

BOOST_AUTO_TEST_CASE(bad_specs_name_the_module_type_or_property) {
  expect(token({}), "bouncer /atmosphere/bouncer (token-bouncer): property 'token' is "
                    "required");
  expect(token({{"token", {""}}}), "token 1: empty token");
  expect(token({{"token", {"a", "name:a"}}}), "token 2: the same token is given twice");
  expect(token({{"token", {":a"}}}), "token 1: empty name before ':'");
  expect(token({{"token", {"a"}}, {"colour", {"red"}}}), "unknown property 'colour'");
  expect(token({{"token", {"a"}}, {"ttl", {"1", "2"}}}),
         "property 'ttl' takes one value, got 2");
  expect(token({{"token", {"a"}}, {"ttl", {"-1"}}}), "ttl must be between 0 and");

  auto wrong_type = token({{"token", {"a"}}});
  wrong_type.type = "no-such-bouncer";
  expect(wrong_type, "has no type no-such-bouncer");
  auto not_bouncer = spec("vp8-encoder", FLU_MODULE_VP8_ENCODER, {});
  expect(not_bouncer, "type vp8-encoder of module");
  expect(not_bouncer, "is not a bouncer");
  auto missing = token({{"token", {"a"}}});
  missing.module = "/nonexistent/libflu-token-bouncer.so";
  expect(missing, "cannot be loaded");

  // A consult that cannot start stops its consulter, naming it.
  auto m = multi("lan", {consult("lan", ip({{"allow", {"nope"}}}))});
  expect(m, "bouncer /atmosphere/lan (ip-bouncer): allow: 'nope'");
}
