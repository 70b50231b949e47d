// Semantic versions (semver.org 2.0.0) and the ranges bundles use to name
// the versions of a dependency they accept.
//
// Ranges follow npm's grammar, which release engineers already know:
//   1.2.3  =1.2.3          exactly that version
//   >=1.2.3  <2  >1.2  <=2.0.0   comparisons; a partial version stands for
//                          all it covers: >=1.2 is >=1.2.0, <2 is <2.0.0,
//                          >1.2 is >=1.3.0, <=2.0 is <2.1.0
//   ^1.2.3                 >=1.2.3 <2.0.0   (^0.2.3: <0.3.0, ^0.0.3: <0.0.4)
//   ~1.2.3                 >=1.2.3 <1.3.0   (~1: <2.0.0)
//   1.2.x  1.x  1.2  1  *  wildcards (1.2 = 1.2.x)
//   >=1.0 <2.0             a space means "and"
//   ^1.0 || ^2.0           "||" means "or"
// A prerelease (1.2.0-rc.1) matches only a comparator that names a
// prerelease of the same major.minor.patch (npm's rule), so "^1.0" never
// picks a release candidate by surprise. Build metadata (+abc) is kept
// for display and ignored in comparisons. A number past a wildcard
// (1.x.2), hyphen ranges (1.0 - 2.0), an empty range or alternative, and
// texts longer than 256 (version) or 1024 (range) characters are refused.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

// what() names the text and what is wrong with it:
// "version range \">=1.x.2\": ...".
class VersionError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Version {
  uint64_t major = 0;
  uint64_t minor = 0;
  uint64_t patch = 0;
  std::vector<std::string> prerelease; // dot-separated identifiers
  std::string build;

  // Strict: three numbers without leading zeros, optional -pre and +build.
  static std::optional<Version> parse(std::string_view text);
  // The same, throwing VersionError naming the text.
  static Version parse_or_throw(std::string_view text);

  std::string str() const;

  // Semver precedence; build metadata is ignored.
  friend std::strong_ordering operator<=>(const Version &a, const Version &b);
  friend bool operator==(const Version &a, const Version &b) {
    return (a <=> b) == std::strong_ordering::equal;
  }
};

class VersionRange {
public:
  VersionRange();                                   // "*"
  static VersionRange parse(std::string_view text); // throws VersionError

  bool matches(const Version &version) const;
  // As written (trimmed); "*" for the default range.
  const std::string &text() const { return text_; }

private:
  struct Comparator {
    enum class Op { eq, lt, le, gt, ge } op;
    Version version;
  };
  using Set = std::vector<Comparator>; // all must match

  std::string text_;
  std::vector<Set> sets_; // any may match
};

} // namespace flu::bundle
