// Versions as semver.org 2.0.0 defines them (its examples and its
// precedence list), and ranges as npm reads them: every matches/does not
// match case below gives the same answer from node-semver 7's
// satisfies(), except those with numbers past 2^53, which npm refuses and
// flu's 64-bit parts allow. Then the hostile texts a peer could send,
// which must end in a VersionError.
#define BOOST_TEST_MODULE test - core - semver
#include "bundle/semver.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using flu::bundle::Version;
using flu::bundle::VersionError;
using flu::bundle::VersionRange;

namespace {

Version v(std::string_view text) { return Version::parse_or_throw(text); }

bool matches(std::string_view range, std::string_view version) {
  return VersionRange::parse(range).matches(v(version));
}

std::string range_error(std::string_view range) {
  try {
    VersionRange::parse(range);
  } catch (const VersionError &e) {
    return e.what();
  }
  return "(accepted)";
}

std::string version_error(std::string_view text) {
  try {
    Version::parse_or_throw(text);
  } catch (const VersionError &e) {
    return e.what();
  }
  return "(accepted)";
}

// Each range with versions it must and must not match.
struct Case {
  std::string range;
  std::vector<std::string> in, out;
};

void check(const std::vector<Case> &cases) {
  for (const auto &c : cases) {
    for (const auto &version : c.in)
      BOOST_TEST(matches(c.range, version), c.range << " should match " << version);
    for (const auto &version : c.out)
      BOOST_TEST(!matches(c.range, version), c.range << " should not match " << version);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(parses_the_parts_of_a_version) {
  const auto version = v("1.20.300-beta.11.x-y+exp.sha.5114f85");
  BOOST_TEST(version.major == 1u);
  BOOST_TEST(version.minor == 20u);
  BOOST_TEST(version.patch == 300u);
  BOOST_TEST(version.prerelease == (std::vector<std::string>{"beta", "11", "x-y"}),
             boost::test_tools::per_element());
  BOOST_TEST(version.build == "exp.sha.5114f85");
  BOOST_TEST(v("18446744073709551615.0.0").major == 18446744073709551615u);
}

BOOST_AUTO_TEST_CASE(valid_versions_print_back_as_written) {
  for (const std::string text :
       {"0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
        "1.0.0-x.7.z.92", "1.0.0-alpha+001", "1.0.0+20130313144700",
        "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3----117B344092BD", "1.0.0-x-y-z.--",
        "1.0.0-99999999999999999999999", "18446744073709551615.18446744073709551615.1"}) {
    const auto parsed = Version::parse(text);
    BOOST_TEST_REQUIRE(parsed.has_value(), text);
    BOOST_TEST(parsed->str() == text);
  }
}

BOOST_AUTO_TEST_CASE(refuses_what_semver_does_not_allow) {
  const std::vector<std::vector<std::string>> groups = {
      // shape
      {"", "1", "1.2", "1.2.3.4", "1..3", "...", "-1.2.3", "1.2.-3", "1.+2.3", "a.b.c"},
      // decoration that strict semver does not allow
      {"v1.2.3", "=1.2.3", " 1.2.3", "1.2.3 ", "1.x.3", std::string("1.2.3\0", 6)},
      // leading zeros in numbers
      {"01.2.3", "1.02.3", "1.2.03", "00.0.0", "1.2.3-01", "1.2.3-rc.00"},
      // identifiers
      {"1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3+a..b", "1.2.3-a_b", "1.2.3+a+b",
       "1.2.3-\xc3\xa9"},
      // too large or too long
      {"18446744073709551616.0.0", "1.99999999999999999999999.0",
       "1.0.0-" + std::string(10000, 'a')},
  };
  for (const auto &group : groups)
    for (const auto &text : group) {
      BOOST_TEST(!Version::parse(text).has_value(), text);
      BOOST_CHECK_THROW(Version::parse_or_throw(text), VersionError);
    }
}

BOOST_AUTO_TEST_CASE(errors_quote_the_text_and_say_what_is_wrong) {
  BOOST_TEST(version_error("01.2.3") ==
             "version \"01.2.3\": major \"01\" has a leading zero");
  BOOST_TEST(version_error("1.0.0-rc.01") ==
             "version \"1.0.0-rc.01\": prerelease identifier \"01\" has a leading zero");
  BOOST_TEST(version_error("1.2") == "version \"1.2\": is not major.minor.patch");
  BOOST_TEST(version_error("") == "version \"\": is empty");
  BOOST_TEST(version_error("1.18446744073709551616.0") ==
             "version \"1.18446744073709551616.0\": minor \"18446744073709551616\" is "
             "larger than 18446744073709551615");
  // A hostile text is cut short and its control bytes escaped.
  const auto flood = version_error(std::string(100000, '9'));
  BOOST_TEST(flood.size() < 200u);
  BOOST_TEST(flood.find("...\": is longer than 256 characters") != std::string::npos);
  BOOST_TEST(version_error("1.0.\n0") ==
             "version \"1.0.\\x0a0\": patch \"\\x0a0\" is not a number");
}

BOOST_AUTO_TEST_CASE(precedence_follows_semver_org) {
  // semver.org §11, in ascending order.
  const std::vector<std::string> ascending = {
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
      "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
      "1.0.0-rc.1",  "1.0.0",         "2.0.0",
      "2.1.0",       "2.1.1",         "10.0.0"};
  for (std::size_t i = 0; i < ascending.size(); ++i)
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      const auto order = v(ascending[i]) <=> v(ascending[j]);
      BOOST_TEST((order < 0) == (i < j), ascending[i] << " vs " << ascending[j]);
      BOOST_TEST((order == 0) == (i == j), ascending[i] << " vs " << ascending[j]);
    }
}

BOOST_AUTO_TEST_CASE(precedence_ignores_build_and_orders_numbers_by_value) {
  BOOST_TEST((v("1.0.0+a") == v("1.0.0+b")));
  BOOST_TEST((v("1.0.0-rc.1+a") == v("1.0.0-rc.1")));
  BOOST_TEST((v("1.0.0-9") < v("1.0.0-10")));
  BOOST_TEST((v("1.0.0-99999999999999999999998") < v("1.0.0-99999999999999999999999")));
  BOOST_TEST((v("1.0.0-99999999999999999999999") < v("1.0.0-a")));
  BOOST_TEST((v("1.0.0-a") < v("1.0.0-a.0")));
  BOOST_TEST((v("1.0.0-B") < v("1.0.0-a"))); // ASCII order
  BOOST_TEST((v("1.9.0") < v("1.10.0")));
}

BOOST_AUTO_TEST_CASE(exact_versions_and_comparators) {
  check({
      {"1.2.3", {"1.2.3", "1.2.3+build"}, {"1.2.4", "1.2.2", "1.2.3-rc.1"}},
      {"=1.2.3", {"1.2.3"}, {"1.2.4"}},
      {"1.2.3-rc.1", {"1.2.3-rc.1"}, {"1.2.3", "1.2.3-rc.2"}},
      {">1.2.3", {"1.2.4", "2.0.0"}, {"1.2.3", "1.0.0"}},
      {">=1.2.3", {"1.2.3", "9.0.0"}, {"1.2.2"}},
      {"<1.2.3", {"1.2.2", "0.0.1"}, {"1.2.3", "1.2.3-rc.1"}},
      {"<=1.2.3", {"1.2.3", "1.0.0"}, {"1.2.4"}},
      {">= 1.2.3", {"1.2.3"}, {"1.2.2"}},
  });
}

BOOST_AUTO_TEST_CASE(comparators_with_partial_versions) {
  check({
      {">=1.2", {"1.2.0", "3.0.0"}, {"1.1.9"}},
      {">1.2", {"1.3.0"}, {"1.2.0", "1.2.9"}},
      {">1", {"2.0.0"}, {"1.9.9"}},
      {"<2", {"1.9.9"}, {"2.0.0", "2.0.0-rc.1"}},
      {"<1.2", {"1.1.9"}, {"1.2.0"}},
      {"<=2.0", {"2.0.9"}, {"2.1.0"}},
      {"<=1", {"1.9.9"}, {"2.0.0"}},
      {">=1.x", {"1.0.0"}, {"0.9.0"}},
  });
}

BOOST_AUTO_TEST_CASE(caret_allows_changes_that_keep_the_leftmost_nonzero_part) {
  check({
      {"^1.2.3", {"1.2.3", "1.9.0"}, {"1.2.2", "2.0.0", "2.0.0-rc.1"}},
      {"^0.2.3", {"0.2.3", "0.2.9"}, {"0.3.0", "0.2.2"}},
      {"^0.0.3", {"0.0.3"}, {"0.0.4", "0.0.2"}},
      {"^1.2", {"1.2.0", "1.9.9"}, {"1.1.9", "2.0.0"}},
      {"^1", {"1.0.0", "1.9.9"}, {"2.0.0", "0.9.9"}},
      {"^0.0", {"0.0.0", "0.0.9"}, {"0.1.0"}},
      {"^0", {"0.0.0", "0.9.9"}, {"1.0.0"}},
      {"^1.x", {"1.0.0", "1.5.0"}, {"2.0.0"}},
      {"^1.2.3-beta.2",
       {"1.2.3-beta.2", "1.2.3-beta.3", "1.2.3", "1.3.0"},
       {"1.2.3-beta.1", "1.3.0-beta.3", "2.0.0"}},
      {"^*", {"0.0.0", "9.0.0"}, {"1.0.0-rc.1"}},
  });
}

BOOST_AUTO_TEST_CASE(tilde_allows_patch_changes) {
  check({
      {"~1.2.3", {"1.2.3", "1.2.9"}, {"1.3.0", "1.2.2"}},
      {"~1.2", {"1.2.0", "1.2.9"}, {"1.3.0"}},
      {"~1", {"1.0.0", "1.9.0"}, {"2.0.0"}},
      {"~0.2.3", {"0.2.5"}, {"0.3.0"}},
      {"~1.2.3-rc.1", {"1.2.3-rc.2", "1.2.5"}, {"1.2.3-rc.0", "1.3.0"}},
  });
}

BOOST_AUTO_TEST_CASE(wildcards_and_partial_versions) {
  check({
      {"*", {"0.0.0", "1.2.3", "18446744073709551615.0.0"}, {"1.2.3-rc.1"}},
      {"x", {"1.0.0"}, {}},
      {"1.x", {"1.0.0", "1.9.9"}, {"2.0.0", "0.9.9"}},
      {"1.X.x", {"1.5.0"}, {"2.0.0"}},
      {"1.*", {"1.5.0"}, {"2.0.0"}},
      {"1.2.x", {"1.2.0", "1.2.9"}, {"1.3.0"}},
      {"1.2", {"1.2.0", "1.2.9"}, {"1.3.0", "1.1.9"}},
      {"1", {"1.0.0", "1.9.9"}, {"2.0.0"}},
      {"=1.2", {"1.2.5"}, {"1.3.0"}},
      {"<*", {}, {"0.0.0", "1.0.0"}},
      {">x", {}, {"0.0.0", "1.0.0"}},
      {">=*", {"1.0.0"}, {}},
  });
}

BOOST_AUTO_TEST_CASE(space_is_and_bars_are_or) {
  check({
      {">=1.0 <2.0", {"1.0.0", "1.9.9"}, {"0.9.9", "2.0.0"}},
      {"  >=1.2.0 	  <1.5.0 ", {"1.4.0"}, {"1.5.0", "1.1.0"}},
      {">=1.0.0 <1.0.0", {}, {"1.0.0"}},
      {"^1.0 || ^3.0", {"1.5.0", "3.1.0"}, {"2.0.0", "4.0.0"}},
      {"1.2.3||2.x", {"1.2.3", "2.5.0"}, {"1.2.4"}},
      {"<1.0 || >=2.0 <2.1 || 5", {"0.5.0", "2.0.5", "5.5.5"}, {"1.0.0", "2.1.0"}},
  });
  BOOST_TEST(VersionRange::parse("  ^1.0 ||  ^2.0 ").text() == "^1.0 ||  ^2.0");
}

BOOST_AUTO_TEST_CASE(a_prerelease_needs_a_comparator_naming_its_version) {
  check({
      {"^1.0", {"1.1.0"}, {"1.1.0-rc.1", "1.0.0-rc.1"}},
      {">=1.0.0-rc.1", {"1.0.0-rc.1", "1.0.0-rc.2", "1.0.0", "1.5.0"}, {"1.0.1-rc.1"}},
      {">1.0.0-alpha <1.0.1", {"1.0.0-beta", "1.0.0"}, {"1.0.0-alpha", "1.0.1-rc.1"}},
      {"<1.0.0", {"0.9.0"}, {"1.0.0-rc.1", "0.9.0-rc.1"}},
      // A partial bound reaches below or above every prerelease it covers.
      {">1.2", {"1.3.0"}, {"1.3.0-rc.1"}},
      {">=1.2.0-rc.1 <1.2", {}, {"1.2.0-rc.2", "1.1.0"}},
      {">=1.2.0-rc.1 <1.2.0", {"1.2.0-rc.2"}, {}},
      {">=1.2.0-rc.1 <=1.2", {"1.2.0-rc.2"}, {"1.3.0-rc.1"}},
      {">=0.0.4-rc.1 ^0.0.3", {}, {"0.0.4-rc.2"}},
      {">=1.3.0-rc.1 ~1.2.3", {}, {"1.3.0-rc.2"}},
      {">=2.0.0-rc.1 ^1.2.3", {}, {"2.0.0-rc.2"}},
      {">=1.3.0-rc.1 1.2", {}, {"1.3.0-rc.2"}},
      // Only within the set that names it.
      {">=1.0.0-rc.1 <2 || >=1.1.0", {"1.0.0-rc.5"}, {"1.1.0-rc.1"}},
  });
}

BOOST_AUTO_TEST_CASE(build_metadata_in_a_range_is_ignored) {
  check({{"1.2.3+abc", {"1.2.3", "1.2.3+def"}, {"1.2.4"}},
         {">=1.2.3+abc", {"1.2.3"}, {"1.2.2"}}});
}

BOOST_AUTO_TEST_CASE(the_default_range_is_any_release) {
  const VersionRange any;
  BOOST_TEST(any.text() == "*");
  BOOST_TEST(any.matches(v("0.0.0")));
  BOOST_TEST(any.matches(v("99.0.0+x")));
  BOOST_TEST(!any.matches(v("1.0.0-rc.1")));
}

BOOST_AUTO_TEST_CASE(bounds_at_the_largest_number_do_not_overflow) {
  check({
      {"^18446744073709551615.0.0", {"18446744073709551615.5.0"}, {"1.0.0"}},
      {"~18446744073709551615.18446744073709551615.0",
       {"18446744073709551615.18446744073709551615.7"},
       {"18446744073709551615.0.0"}},
      {"^0.0.18446744073709551615", {"0.0.18446744073709551615"}, {"0.1.0"}},
      {"<=18446744073709551615", {"18446744073709551615.9.9", "0.0.0"}, {}},
      {">18446744073709551615", {}, {"18446744073709551615.9.9", "0.0.0"}},
      {">1.18446744073709551615", {"2.0.0"}, {"1.18446744073709551615.9"}},
  });
  BOOST_CHECK_THROW(VersionRange::parse("^18446744073709551616"), VersionError);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_ranges) {
  const std::vector<std::vector<std::string>> groups = {
      // empty, or an empty side of ||
      {"", "   ", "||", "^1.0 ||", "|| ^1.0", "^1.0 || || ^2.0"},
      // operators without versions, or not in flu's grammar
      {">=", ">= ", "^", "~", ">=1.0 <", "1.0 | 2.0", "~>1.2", "=>1.0", "<>1", "!=1.0"},
      // versions that are not versions
      {"1.x.2", ">=1.x.2", "*.1", "1.2.3.4", "01.2", "1.02", "1.2.3-", "1.x-rc.1",
       "1.2-rc.1", "v1.2.3", ">=a", "latest", "^1.0,^2.0", "1.2.3\n\x01"},
      // forms flu leaves out, too large, too long
      {"1.0 - 2.0", "18446744073709551616.0.0", std::string(5000, '1')},
  };
  for (const auto &group : groups)
    for (const auto &text : group)
      BOOST_CHECK_THROW(VersionRange::parse(text), VersionError);
}

BOOST_AUTO_TEST_CASE(range_errors_quote_the_range_and_say_what_is_wrong) {
  BOOST_TEST(range_error(">=1.x.2") ==
             "version range \">=1.x.2\": \"1.x.2\": has a number after a wildcard");
  BOOST_TEST(range_error("^1.0 ||") ==
             "version range \"^1.0 ||\": has an empty alternative around ||");
  BOOST_TEST(range_error(">=1.0 <") ==
             "version range \">=1.0 <\": has an operator without a version");
  BOOST_TEST(range_error("1.0 - 2.0").find("hyphen range") != std::string::npos);
  BOOST_TEST(range_error(" ") == "version range \" \": is empty (write * for any)");
  BOOST_TEST(range_error("^01.2") ==
             "version range \"^01.2\": \"01.2\": major \"01\" has a leading zero");
  const auto flood = range_error(std::string(5000, '1'));
  BOOST_TEST(flood.size() < 200u);
  BOOST_TEST(flood.find("is longer than 1024 characters") != std::string::npos);
}
