// Versions are parsed by hand rather than with a regex: every refusal names
// the part that is wrong, and no input can make the parser backtrack.
//
// Ranges are compiled as npm compiles them, into sets of plain comparators:
// "^1.2" becomes ">=1.2.0 <2.0.0-0". An upper bound "-0" is the lowest
// prerelease of that version, so none of its prereleases slips in under the
// prerelease rule. Text is checked for length first, so that the cost of a
// parse and the size of an error message stay small whatever a peer sends.
#include "bundle/semver.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

namespace flu::bundle {
namespace {

// npm refuses versions past 256 characters too; no honest range is longer
// than a few dozen.
constexpr std::size_t max_version_chars = 256;
constexpr std::size_t max_range_chars = 1024;
constexpr uint64_t max_number = std::numeric_limits<uint64_t>::max();

// Cut short and with control bytes escaped, so that hostile text can
// neither flood nor garble the log line that shows the error.
std::string quote_shown(std::string_view text) {
  constexpr std::size_t shown = 80;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > shown)
    out += "...";
  return out + "\"";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
}

bool is_identifier_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-';
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos)
      return parts;
    text.remove_prefix(at + 1);
  }
}

// The parse functions return what is wrong, or "" when all is well.

constexpr const char *part_names[] = {"major", "minor", "patch"};

std::string parse_number(std::string_view what, std::string_view text, uint64_t &out) {
  if (text.empty())
    return std::string(what) + " is empty";
  if (!all_digits(text))
    return std::string(what) + " " + quote_shown(text) + " is not a number";
  if (text.size() > 1 && text[0] == '0')
    return std::string(what) + " " + quote_shown(text) + " has a leading zero";
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size())
    return std::string(what) + " " + quote_shown(text) + " is larger than " +
           std::to_string(max_number);
  return {};
}

std::string check_identifiers(std::string_view what, std::string_view text,
                              bool numbers_strict) {
  for (const auto identifier : split(text, '.')) {
    if (identifier.empty())
      return "empty " + std::string(what) + " identifier";
    if (!std::all_of(identifier.begin(), identifier.end(), is_identifier_char))
      return std::string(what) + " identifier " + quote_shown(identifier) +
             " has a character other than 0-9, A-Z, a-z and -";
    if (numbers_strict && all_digits(identifier) && identifier.size() > 1 &&
        identifier[0] == '0')
      return std::string(what) + " identifier " + quote_shown(identifier) +
             " has a leading zero";
  }
  return {};
}

std::string parse_version(std::string_view text, Version &out) {
  if (text.empty())
    return "is empty";
  if (text.size() > max_version_chars)
    return "is longer than " + std::to_string(max_version_chars) + " characters";
  Version version;
  if (const auto plus = text.find('+'); plus != std::string_view::npos) {
    const auto build = text.substr(plus + 1);
    if (auto error = check_identifiers("build", build, false); !error.empty())
      return error;
    version.build = build;
    text = text.substr(0, plus);
  }
  if (const auto dash = text.find('-'); dash != std::string_view::npos) {
    const auto prerelease = text.substr(dash + 1);
    if (auto error = check_identifiers("prerelease", prerelease, true); !error.empty())
      return error;
    for (const auto identifier : split(prerelease, '.'))
      version.prerelease.emplace_back(identifier);
    text = text.substr(0, dash);
  }
  const auto parts = split(text, '.');
  if (parts.size() != 3)
    return "is not major.minor.patch";
  uint64_t *numbers[] = {&version.major, &version.minor, &version.patch};
  for (std::size_t i = 0; i < 3; ++i)
    if (auto error = parse_number(part_names[i], parts[i], *numbers[i]); !error.empty())
      return error;
  out = std::move(version);
  return {};
}

// A version in a range, where trailing parts may be missing or wildcards.
struct Partial {
  int known = 0;   // how many of major, minor, patch are numbers
  Version version; // the parts not known are 0
};

bool is_wildcard(std::string_view part) {
  return part == "x" || part == "X" || part == "*";
}

std::string parse_partial(std::string_view text, Partial &out) {
  const auto suffix = text.find_first_of("-+");
  const auto parts = split(text.substr(0, suffix), '.');
  if (parts.size() > 3)
    return "has more than major.minor.patch";
  Partial partial;
  uint64_t *numbers[] = {&partial.version.major, &partial.version.minor,
                         &partial.version.patch};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (is_wildcard(parts[i]))
      continue;
    if (partial.known != static_cast<int>(i))
      return "has a number after a wildcard";
    if (auto error = parse_number(part_names[i], parts[i], *numbers[i]); !error.empty())
      return error;
    ++partial.known;
  }
  if (suffix != std::string_view::npos) {
    if (partial.known != 3)
      return "has a prerelease or build without a full major.minor.patch";
    if (auto error = parse_version(text, partial.version); !error.empty())
      return error;
  }
  out = std::move(partial);
  return {};
}

// Where the versions a partial covers end: the lowest prerelease of the
// next patch, minor or major (level 3, 2, 1). Nothing when that would
// overflow, since then no version lies above.
std::optional<Version> next_floor(const Version &v, int level) {
  if (level >= 3 && v.patch < max_number)
    return Version{v.major, v.minor, v.patch + 1, {"0"}, {}};
  if (level >= 2 && v.minor < max_number)
    return Version{v.major, v.minor + 1, 0, {"0"}, {}};
  if (v.major < max_number)
    return Version{v.major + 1, 0, 0, {"0"}, {}};
  return std::nullopt;
}

enum class Sym { none, eq, lt, le, gt, ge, caret, tilde };

// Templated on the comparator so that this can fill VersionRange's private
// Set without naming it.
template <class Comparator>
void compile(Sym sym, const Partial &partial, std::vector<Comparator> &set) {
  using Op = typename Comparator::Op;
  const Version &v = partial.version;
  const int known = partial.known;
  const auto add = [&](Op op, Version bound) { set.push_back({op, std::move(bound)}); };
  const auto below = [&](std::optional<Version> bound) {
    if (bound) // otherwise no version is above, and nothing to say
      add(Op::lt, std::move(*bound));
  };
  const auto nothing = [&] { add(Op::lt, Version{0, 0, 0, {"0"}, {}}); };

  if (known == 0) {
    if (sym == Sym::lt || sym == Sym::gt)
      nothing();
    return; // any version
  }
  switch (sym) {
  case Sym::none:
  case Sym::eq:
    if (known == 3)
      return add(Op::eq, v);
    add(Op::ge, v);
    return below(next_floor(v, known));
  case Sym::ge:
    return add(Op::ge, v);
  case Sym::lt:
    if (known == 3)
      return add(Op::lt, v);
    return add(Op::lt, Version{v.major, v.minor, 0, {"0"}, {}});
  case Sym::le:
    if (known == 3)
      return add(Op::le, v);
    return below(next_floor(v, known));
  case Sym::gt:
    if (known == 3)
      return add(Op::gt, v);
    if (auto floor = next_floor(v, known)) {
      floor->prerelease.clear(); // npm: ">1.2" is ">=1.3.0"
      return add(Op::ge, std::move(*floor));
    }
    return nothing();
  case Sym::caret:
    add(Op::ge, v);
    if (v.major > 0 || known == 1)
      return below(next_floor(v, 1));
    if (v.minor > 0 || known == 2)
      return below(next_floor(v, 2));
    return below(next_floor(v, 3));
  case Sym::tilde:
    add(Op::ge, v);
    return below(next_floor(v, known == 1 ? 1 : 2));
  }
}

// The operator at the front of `text`, which it consumes.
Sym take_operator(std::string_view &text) {
  static constexpr std::pair<std::string_view, Sym> symbols[] = {
      {">=", Sym::ge}, {"<=", Sym::le},   {">", Sym::gt},   {"<", Sym::lt},
      {"=", Sym::eq},  {"^", Sym::caret}, {"~", Sym::tilde}};
  for (const auto &[spelling, sym] : symbols)
    if (text.starts_with(spelling)) {
      text.remove_prefix(spelling.size());
      return sym;
    }
  return Sym::none;
}

template <class Comparator>
std::string parse_set(std::string_view text, std::vector<Comparator> &set) {
  text = trimmed(text);
  if (text.empty())
    return "has an empty alternative around ||";
  while (!text.empty()) {
    const auto sym = take_operator(text);
    text = trimmed(text); // npm accepts ">= 1.2"
    const auto end = std::find_if(text.begin(), text.end(), is_space) - text.begin();
    const auto word = text.substr(0, end);
    text = trimmed(text.substr(end));
    if (word.empty())
      return "has an operator without a version";
    if (word == "-")
      return "has a hyphen range, which flu does not support (write >=A <=B)";
    Partial partial;
    if (auto error = parse_partial(word, partial); !error.empty())
      return quote_shown(word) + ": " + error;
    compile(sym, partial, set);
  }
  return {};
}

std::strong_ordering compare_identifiers(const std::string &a, const std::string &b) {
  const bool a_number = all_digits(a), b_number = all_digits(b);
  if (a_number && b_number) // no leading zeros: the longer is the larger
    return a.size() != b.size() ? a.size() <=> b.size() : a <=> b;
  if (a_number != b_number) // numbers come first
    return b_number <=> a_number;
  return a <=> b;
}

} // namespace

std::optional<Version> Version::parse(std::string_view text) {
  Version version;
  if (!parse_version(text, version).empty())
    return std::nullopt;
  return version;
}

Version Version::parse_or_throw(std::string_view text) {
  Version version;
  if (auto error = parse_version(text, version); !error.empty())
    throw VersionError("version " + quote_shown(text) + ": " + error);
  return version;
}

std::string Version::str() const {
  std::string out =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (std::size_t i = 0; i < prerelease.size(); ++i)
    out += (i == 0 ? "-" : ".") + prerelease[i];
  if (!build.empty())
    out += "+" + build;
  return out;
}

std::strong_ordering operator<=>(const Version &a, const Version &b) {
  if (auto c = a.major <=> b.major; c != 0)
    return c;
  if (auto c = a.minor <=> b.minor; c != 0)
    return c;
  if (auto c = a.patch <=> b.patch; c != 0)
    return c;
  if (a.prerelease.empty() || b.prerelease.empty()) // a release follows its prereleases
    return a.prerelease.empty() <=> b.prerelease.empty();
  const auto n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i)
    if (auto c = compare_identifiers(a.prerelease[i], b.prerelease[i]); c != 0)
      return c;
  return a.prerelease.size() <=> b.prerelease.size();
}

VersionRange::VersionRange() : text_("*"), sets_{Set{}} {}

VersionRange VersionRange::parse(std::string_view text) {
  if (text.size() > max_range_chars)
    throw VersionError("version range " + quote_shown(text) + ": is longer than " +
                       std::to_string(max_range_chars) + " characters");
  VersionRange range;
  range.text_ = trimmed(text);
  range.sets_.clear();
  if (range.text_.empty())
    throw VersionError("version range " + quote_shown(text) +
                       ": is empty (write * for any)");
  std::string_view rest = range.text_;
  for (;;) {
    const auto bar = rest.find("||");
    Set set;
    if (auto error = parse_set(rest.substr(0, bar), set); !error.empty())
      throw VersionError("version range " + quote_shown(range.text_) + ": " + error);
    range.sets_.push_back(std::move(set));
    if (bar == std::string_view::npos)
      return range;
    rest.remove_prefix(bar + 2);
  }
}

bool VersionRange::matches(const Version &version) const {
  const auto holds = [&](const Comparator &c) {
    const auto order = version <=> c.version;
    switch (c.op) {
    case Comparator::Op::eq:
      return order == 0;
    case Comparator::Op::lt:
      return order < 0;
    case Comparator::Op::le:
      return order <= 0;
    case Comparator::Op::gt:
      return order > 0;
    case Comparator::Op::ge:
      return order >= 0;
    }
    return false;
  };
  // npm's rule: a prerelease needs a comparator naming a prerelease of the
  // same major.minor.patch.
  const auto admits_prerelease = [&](const Comparator &c) {
    return !c.version.prerelease.empty() && c.version.major == version.major &&
           c.version.minor == version.minor && c.version.patch == version.patch;
  };
  for (const auto &set : sets_) {
    if (!std::all_of(set.begin(), set.end(), holds))
      continue;
    if (version.prerelease.empty() ||
        std::any_of(set.begin(), set.end(), admits_prerelease))
      return true;
  }
  return false;
}

} // namespace flu::bundle
