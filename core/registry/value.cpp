// Checks and canonicalises property values; see value.hpp for the rules.
//
// std::from_chars/to_chars are used instead of strtoll/strtod: they ignore the
// C locale (a manager started under de_DE must still read "0.5") and report
// overflow and trailing characters precisely.
#include "registry/value.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace flu::registry {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

ValueCheck accept(std::string canonical) { return {true, std::move(canonical), {}}; }

ValueCheck refuse(PropertyType type, std::string_view text, std::string_view why = {}) {
  std::string error = "expected ";
  error += expected_value(type);
  error += ", got '";
  error += text;
  error += "'";
  if (!why.empty()) {
    error += " (";
    error += why;
    error += ")";
  }
  return {false, {}, std::move(error)};
}

// from_chars takes no leading '+', people write one anyway ("+5").
std::string_view drop_plus(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text.substr(1, 1) != "-")
    text.remove_prefix(1);
  return text;
}

// Parses a whole 64-bit integer; returns the reason on failure.
std::string_view parse_int(std::string_view text, int64_t &value) {
  text = drop_plus(text);
  if (text.empty())
    return "empty";
  const char *end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec == std::errc::result_out_of_range)
    return "out of the 64-bit range";
  if (ec != std::errc() || ptr != end)
    return "not a decimal integer";
  return {};
}

ValueCheck check_int(std::string_view text) {
  int64_t value = 0;
  if (auto why = parse_int(text, value); !why.empty())
    return refuse(PropertyType::integer, text, why);
  return accept(std::to_string(value));
}

ValueCheck check_bool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "yes" || lower == "1")
    return accept("true");
  if (lower == "false" || lower == "no" || lower == "0")
    return accept("false");
  return refuse(PropertyType::boolean, text);
}

ValueCheck check_real(std::string_view text) {
  std::string_view digits = drop_plus(text);
  double value = 0;
  const char *end = digits.data() + digits.size();
  // Only plain decimal/exponent notation: hex floats are a C curiosity that
  // would make "0x10" mean 16 here and nothing in a planet file elsewhere.
  auto [ptr, ec] = std::from_chars(digits.data(), end, value, std::chars_format::general);
  if (digits.empty() || ec == std::errc::invalid_argument || ptr != end)
    return refuse(PropertyType::real, text, "not a decimal number");
  if (ec == std::errc::result_out_of_range)
    return refuse(PropertyType::real, text, "out of range");
  if (!std::isfinite(value))
    return refuse(PropertyType::real, text, "not finite");
  if (value == 0)
    value = 0; // "-0" reads back as "-0"; one spelling of zero is enough
  char buffer[64];
  auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  return accept(std::string(buffer, written.ptr));
}

ValueCheck check_fraction(std::string_view text) {
  std::string_view numerator_text = text, denominator_text = "1";
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    numerator_text = trim(text.substr(0, slash));
    denominator_text = trim(text.substr(slash + 1));
  }
  int64_t numerator = 0, denominator = 0;
  if (auto why = parse_int(numerator_text, numerator); !why.empty())
    return refuse(PropertyType::fraction, text,
                  std::string("numerator ") + std::string(why));
  if (auto why = parse_int(denominator_text, denominator); !why.empty())
    return refuse(PropertyType::fraction, text,
                  std::string("denominator ") + std::string(why));
  if (denominator <= 0)
    return refuse(PropertyType::fraction, text, "denominator must be positive");
  return accept(std::to_string(numerator) + "/" + std::to_string(denominator));
}

} // namespace

ValueCheck check_value(PropertyType type, const std::string &text) {
  std::string_view trimmed = trim(text);
  switch (type) {
  case PropertyType::string:
    return accept(std::string(trimmed));
  case PropertyType::integer:
    return check_int(trimmed);
  case PropertyType::boolean:
    return check_bool(trimmed);
  case PropertyType::real:
    return check_real(trimmed);
  case PropertyType::fraction:
    return check_fraction(trimmed);
  case PropertyType::invalid:
    break;
  }
  return {false, {}, "property has no valid type"};
}

const char *expected_value(PropertyType type) {
  switch (type) {
  case PropertyType::string:
    return "a string";
  case PropertyType::integer:
    return "an integer";
  case PropertyType::boolean:
    return "a boolean (true/false, yes/no, 1/0)";
  case PropertyType::real:
    return "a finite number";
  case PropertyType::fraction:
    return "a fraction (N/D with D > 0, or N)";
  case PropertyType::invalid:
    break;
  }
  return "nothing (invalid type)";
}

} // namespace flu::registry
