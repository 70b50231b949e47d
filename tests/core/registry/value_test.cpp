// Property values: what each type accepts and how it is spelt afterwards.
#define BOOST_TEST_MODULE registry
#include "registry/value.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::registry;

namespace {

std::string canonical(PropertyType type, const std::string &text) {
  auto check = check_value(type, text);
  BOOST_TEST(check.ok, to_string(type) << " '" << text << "': " << check.error);
  return check.canonical;
}

std::string refused(PropertyType type, const std::string &text) {
  auto check = check_value(type, text);
  BOOST_TEST(!check.ok, to_string(type) << " '" << text << "' accepted as '"
                                        << check.canonical << "'");
  return check.error;
}

} // namespace

BOOST_AUTO_TEST_CASE(type_names_round_trip) {
  for (auto type : {PropertyType::string, PropertyType::integer, PropertyType::boolean,
                    PropertyType::real, PropertyType::fraction})
    BOOST_TEST((property_type_from_string(to_string(type)) == type));
  BOOST_TEST(std::string(to_string(PropertyType::integer)) == "int");
  BOOST_TEST(std::string(to_string(PropertyType::real)) == "float");
  BOOST_TEST((property_type_from_string("long") == PropertyType::invalid));
  BOOST_TEST((property_type_from_string("") == PropertyType::invalid));
  BOOST_TEST(!check_value(PropertyType::invalid, "x").ok);
}

BOOST_AUTO_TEST_CASE(strings_are_trimmed_only) {
  BOOST_TEST(canonical(PropertyType::string, "  hello world \n") == "hello world");
  BOOST_TEST(canonical(PropertyType::string, "a\nb") == "a\nb");
  BOOST_TEST(canonical(PropertyType::string, "") == "");
}

BOOST_AUTO_TEST_CASE(integers_are_64_bit_decimal) {
  BOOST_TEST(canonical(PropertyType::integer, "42") == "42");
  BOOST_TEST(canonical(PropertyType::integer, " -7\n") == "-7");
  BOOST_TEST(canonical(PropertyType::integer, "+5") == "5");
  BOOST_TEST(canonical(PropertyType::integer, "007") == "7");
  BOOST_TEST(canonical(PropertyType::integer, "9223372036854775807") ==
             "9223372036854775807");
  BOOST_TEST(canonical(PropertyType::integer, "-9223372036854775808") ==
             "-9223372036854775808");
  BOOST_TEST(refused(PropertyType::integer, "9223372036854775808") ==
             "expected an integer, got '9223372036854775808' (out of the 64-bit range)");
  BOOST_TEST(refused(PropertyType::integer, "12abc") ==
             "expected an integer, got '12abc' (not a decimal integer)");
  for (auto text : {"", " ", "1.5", "0x10", "1e3", "+", "-", "+-1", "++1", "1 2"})
    refused(PropertyType::integer, text);
}

BOOST_AUTO_TEST_CASE(booleans_take_flumotion_spellings) {
  for (auto text : {"true", "TRUE", "Yes", "1", " yes "})
    BOOST_TEST(canonical(PropertyType::boolean, text) == "true");
  for (auto text : {"false", "False", "NO", "0"})
    BOOST_TEST(canonical(PropertyType::boolean, text) == "false");
  for (auto text : {"", "maybe", "2", "on", "t"})
    refused(PropertyType::boolean, text);
}

BOOST_AUTO_TEST_CASE(floats_are_finite_decimals) {
  BOOST_TEST(canonical(PropertyType::real, "0.5") == "0.5");
  BOOST_TEST(canonical(PropertyType::real, "3.0") == "3");
  BOOST_TEST(canonical(PropertyType::real, "+2.5") == "2.5");
  BOOST_TEST(canonical(PropertyType::real, "-1e3") == "-1000");
  BOOST_TEST(canonical(PropertyType::real, "-0") == "0");
  BOOST_TEST(canonical(PropertyType::real, ".25") == "0.25");
  BOOST_TEST(canonical(PropertyType::real, "0.1") == "0.1");
  BOOST_TEST(refused(PropertyType::real, "nan") ==
             "expected a finite number, got 'nan' (not finite)");
  for (auto text : {"inf", "-infinity", "1e999", "1.5x", "0x1p3", "", "1,5", "--1"})
    refused(PropertyType::real, text);
}

BOOST_AUTO_TEST_CASE(fractions_need_a_positive_denominator) {
  BOOST_TEST(canonical(PropertyType::fraction, "30/1") == "30/1");
  BOOST_TEST(canonical(PropertyType::fraction, "25") == "25/1");
  BOOST_TEST(canonical(PropertyType::fraction, " 30000 / 1001 ") == "30000/1001");
  BOOST_TEST(canonical(PropertyType::fraction, "-1/2") == "-1/2");
  BOOST_TEST(canonical(PropertyType::fraction, "50/10") == "50/10"); // not reduced
  BOOST_TEST(refused(PropertyType::fraction, "1/0") ==
             "expected a fraction (N/D with D > 0, or N), got '1/0' (denominator must "
             "be positive)");
  for (auto text : {"1/-2", "a/b", "1/2/3", "", "/2", "1/", "1.5/2", "30/1x"})
    refused(PropertyType::fraction, text);
}
