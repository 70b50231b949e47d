// A bundle's manifest (bundle.xml), the first thing read of a bundle from
// a peer or a disk. What parses writes back to a manifest that parses to
// the same bytes again.
#include "../fuzz_target.hpp"

#include "bundle/bundle_manifest.hpp"

using namespace flu::bundle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string xml(flu::fuzz::bytes(data, size));
  BundleManifest manifest;
  try {
    manifest = parse_bundle_manifest(xml, "<fuzz>");
  } catch (const ManifestError &) {
    return 0;
  }
  const std::string written = write_bundle_manifest(manifest);
  try {
    FUZZ_CHECK(write_bundle_manifest(parse_bundle_manifest(written, "<written>")) ==
               written);
  } catch (const ManifestError &e) {
    std::fprintf(stderr, "the written manifest does not parse: %s\n", e.what());
    FUZZ_CHECK(!"write_bundle_manifest() wrote a manifest that does not parse");
  }
  return 0;
}
