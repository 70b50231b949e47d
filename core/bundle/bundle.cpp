// Building, signing and opening bundle files; see bundle.hpp.
#include "bundle/bundle.hpp"

#include <flu/module.h>

#include <algorithm>
#include <map>

#ifndef FLU_PLATFORM
#error "FLU_PLATFORM must name the platform (core/CMakeLists.txt sets it)"
#endif

namespace flu::bundle {
namespace {

std::string label(const BundleManifest &m) { return m.name + " " + m.version; }

void sort_files(std::vector<ArchiveEntry> &files) {
  std::sort(files.begin(), files.end(),
            [](const ArchiveEntry &a, const ArchiveEntry &b) { return a.path < b.path; });
}

std::vector<ArchiveEntry> assemble(const std::string &manifest_text,
                                   const std::string &signature,
                                   std::vector<ArchiveEntry> files) {
  std::vector<ArchiveEntry> entries;
  entries.reserve(files.size() + 2);
  entries.push_back({manifest_entry, manifest_text});
  if (!signature.empty())
    entries.push_back({signature_entry, signature});
  for (auto &f : files)
    entries.push_back(std::move(f));
  return entries;
}

void check_platform_and_abi(const BundleManifest &m, const std::string &name,
                            const VerifyOptions &options) {
  if (options.check_platform && m.platform != "any" && m.platform != host_platform())
    throw BundleError(name + ": " + label(m) + " is built for " + m.platform +
                      ", this host is " + host_platform());
  if (!options.check_abi)
    return;
  const std::string host =
      std::to_string(FLU_ABI_MAJOR) + "." + std::to_string(FLU_ABI_MINOR);
  const std::string theirs =
      std::to_string(m.abi_major) + "." + std::to_string(m.abi_minor);
  if (m.abi_major != FLU_ABI_MAJOR || m.abi_minor > FLU_ABI_MINOR)
    throw BundleError(name + ": " + label(m) + " needs module ABI " + theirs +
                      ", this host has ABI " + host);
}

void check_files(const BundleManifest &m, const std::vector<ArchiveEntry> &files,
                 const std::string &name) {
  std::map<std::string, const ArchiveEntry *> present;
  for (const auto &f : files) {
    if (f.path == manifest_entry || f.path == signature_entry)
      throw BundleError(name + ": " + f.path + " appears again among the files");
    present[f.path] = &f;
  }
  for (const auto &listed : m.files) {
    const auto it = present.find(listed.path);
    if (it == present.end())
      throw BundleError(name + ": " + listed.path +
                        " is in the manifest but not in the bundle");
    const std::string &data = it->second->data;
    if (data.size() != listed.size || sha256_hex(data) != listed.sha256)
      throw BundleError(name + ": " + listed.path +
                        " does not match its SHA-256 in the manifest (tampered with?)");
    present.erase(it);
  }
  if (!present.empty())
    throw BundleError(name + ": " + present.begin()->first +
                      " is in the bundle but not in its manifest");
}

} // namespace

const char *host_platform() { return FLU_PLATFORM; }

std::string build_bundle(BundleManifest manifest, std::vector<ArchiveEntry> files,
                         const SecretKey *key) {
  sort_files(files);
  manifest.files.clear();
  for (const auto &f : files)
    manifest.files.push_back({f.path, f.data.size(), sha256_hex(f.data)});
  const std::string text = write_bundle_manifest(manifest);
  // Reading it back applies every check a receiver will apply.
  try {
    parse_bundle_manifest(text, label(manifest));
  } catch (const ManifestError &e) {
    throw BundleError(std::string("cannot build: ") + e.what());
  }
  const std::string signature = key ? sign(*key, text) : std::string();
  return pack(assemble(text, signature, std::move(files)));
}

std::string sign_bundle(std::string_view bundle, const std::string &name,
                        const SecretKey &key) {
  VerifyOptions options;
  options.allow_unsigned = true;
  options.check_platform = false;
  options.check_abi = false;
  OpenedBundle opened = open_bundle(bundle, name, options);
  return pack(assemble(opened.manifest_text, sign(key, opened.manifest_text),
                       std::move(opened.files)));
}

OpenedBundle open_bundle(std::string_view bytes, const std::string &name,
                         const VerifyOptions &options) {
  OpenedBundle out;
  out.sha256 = sha256_hex(bytes);
  out.size = bytes.size();
  std::vector<ArchiveEntry> entries;
  try {
    entries = unpack(bytes, name, options.limits);
  } catch (const ArchiveError &e) {
    throw BundleError(e.what());
  }
  if (entries.empty() || entries[0].path != manifest_entry)
    throw BundleError(name + ": not a bundle (its first entry is not " +
                      std::string(manifest_entry) + ")");
  out.manifest_text = std::move(entries[0].data);
  std::size_t first_file = 1;
  if (entries.size() > 1 && entries[1].path == signature_entry) {
    out.signature = std::move(entries[1].data);
    first_file = 2;
  }
  if (!options.allow_unsigned) {
    if (!options.trust)
      throw BundleError(name + ": no trust store to check the signature against");
    if (out.signature.empty())
      throw BundleError(name + ": not signed");
    try {
      const PublicKey &key = options.trust->verify(out.signature, out.manifest_text);
      out.signer = key.name + " (" + key.id() + ")";
    } catch (const SignatureError &e) {
      throw BundleError(name + ": " + e.what());
    }
  }
  try {
    out.manifest = parse_bundle_manifest(out.manifest_text, name + ": " + manifest_entry);
  } catch (const ManifestError &e) {
    throw BundleError(e.what());
  }
  check_platform_and_abi(out.manifest, name, options);
  out.files.assign(std::make_move_iterator(entries.begin() + first_file),
                   std::make_move_iterator(entries.end()));
  check_files(out.manifest, out.files, name);
  return out;
}

} // namespace flu::bundle
