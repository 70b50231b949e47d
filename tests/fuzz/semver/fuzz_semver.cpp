// Versions and version ranges, as planets, recipes and manifests write
// them. A version that parses prints as text that parses to an equal
// version; a range that parses can be asked about that version.
#include "../fuzz_target.hpp"

#include "bundle/semver.hpp"

using namespace flu::bundle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto text = flu::fuzz::bytes(data, size);
  const auto newline = text.find('\n');
  const auto version_text = text.substr(0, newline);
  const auto range_text =
      newline == std::string_view::npos ? text : text.substr(newline + 1);
  const auto version = Version::parse(version_text);
  if (version) {
    const auto again = Version::parse(version->str());
    FUZZ_CHECK(again && *again == *version);
  }
  try {
    const auto range = VersionRange::parse(range_text);
    if (version)
      range.matches(*version);
    FUZZ_CHECK(!range.text().empty());
  } catch (const VersionError &) {
  }
  return 0;
}
