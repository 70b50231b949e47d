// A bundle file: the unit of code distribution (DESIGN.md §5).
//
// Entries, in this order: flu-bundle.xml (the manifest), flu-bundle.sig (the
// release signature of the manifest's bytes; absent until signed), then the
// files sorted by path. Its content address is the SHA-256 of the whole
// file.
//
// open_bundle() is the one door into a bundle from outside, and it is
// hostile-input safe: the archive is read in memory within limits, the
// signature is checked against the trust store before the manifest is even
// parsed, then the platform and ABI, then every file against its size and
// hash, and the file list must match the manifest exactly. Only then may
// the caller write the files anywhere (write_tree).
#pragma once

#include "bundle/archive.hpp"
#include "bundle/bundle_manifest.hpp"
#include "bundle/signing.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

inline constexpr const char *manifest_entry = "flu-bundle.xml";
inline constexpr const char *signature_entry = "flu-bundle.sig";

// what() names the bundle and the problem.
class BundleError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// "x86_64-linux-gnu": what this build's native code runs on.
const char *host_platform();

// Fills manifest.files from `files` (sizes and hashes) and packs the bundle,
// signed when `key` is given. Refuses a module library, translation or page
// the files do not hold. Deterministic.
std::string build_bundle(BundleManifest manifest, std::vector<ArchiveEntry> files,
                         const SecretKey *key = nullptr);

// The same bundle with (another) signature by `key`.
std::string sign_bundle(std::string_view bundle, const std::string &name,
                        const SecretKey &key);

struct VerifyOptions {
  const TrustStore *trust = nullptr; // required unless allow_unsigned
  bool allow_unsigned = false;       // inspect: read without trusting
  bool check_platform = true;        // native code must match host_platform()
  bool check_abi = true;             // the host's ABI must be able to load it
  ArchiveLimits limits;
};

struct OpenedBundle {
  BundleManifest manifest;
  std::string manifest_text;
  std::string signature;           // the line, or "" when unsigned
  std::string signer;              // "NAME (KEY-ID)" when verified against a trust store
  std::vector<ArchiveEntry> files; // without the manifest and the signature
  std::string sha256;              // of the whole bundle file
  uint64_t size = 0;
};

// Throws BundleError (archive, signature, manifest, platform, ABI, files).
OpenedBundle open_bundle(std::string_view bytes, const std::string &name,
                         const VerifyOptions &options);

} // namespace flu::bundle
