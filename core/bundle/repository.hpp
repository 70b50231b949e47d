// A repository of bundle files: the manager's store, or a folder a tool
// reads. Content-addressed (DIR/SHA256.flub), so several versions of one
// bundle sit side by side and a file's name proves what it holds.
//
// What component types exist comes from the manifests alone: nothing in
// a repository is ever loaded to learn what it is.
#pragma once

#include "bundle/bundle.hpp"
#include "bundle/resolver.hpp"
#include "registry/registry.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

struct StoredBundle {
  BundleManifest manifest;
  Version version;
  std::string sha256;
  uint64_t size = 0;
  std::string signer; // "NAME (KEY-ID)", or "" in a read-only view
  std::filesystem::path file;
};

struct Resolution {
  std::vector<const StoredBundle *> bundles;   // dependencies first
  const StoredBundle *module_bundle = nullptr; // provides the type (resolve_type)
  std::string module_id;
};

// Publishing a name and version the repository holds with other content.
class PublishConflict : public BundleError {
public:
  using BundleError::BundleError;
};

class Repository {
public:
  enum class Mode {
    read_only, // a folder of bundle files, opened without trust (flu-bundle resolve)
    store,     // the manager's: made if absent, every bundle verified
  };

  // Reads every *.flub of `dir`. A file that fails its checks is skipped
  // and reported in errors(), so one bad file cannot stop a manager.
  Repository(std::filesystem::path dir, Mode mode, const TrustStore *trust = nullptr,
             ArchiveLimits limits = {});

  const std::vector<std::string> &errors() const { return errors_; }

  // Checks `bytes` as open_bundle() does and keeps it (store mode).
  // Publishing the same file twice is no error (`added` is false).
  // Throws BundleError, or PublishConflict for a version already held with
  // other content, unless `replace`: a developer's rebuild of the same
  // version then takes the old one's place (`replaced`).
  struct Published {
    const StoredBundle *bundle;
    bool added;
    bool replaced = false;
  };
  Published publish(std::string_view bytes, const std::string &from,
                    bool replace = false);

  std::vector<const StoredBundle *> bundles() const; // by name, then version
  const StoredBundle *find(const std::string &sha256) const;
  std::string read(const StoredBundle &bundle) const; // the file's bytes

  // Throws ResolveError. A type provided by bundles of two names is a
  // conflict naming both.
  Resolution resolve_type(const std::string &type, const std::string &range) const;
  Resolution resolve_bundle(const std::string &name, const std::string &range) const;

  // The component types of the highest version of every bundle, as the
  // registry the planet is checked against.
  registry::Registry registry() const;

private:
  using BySha = std::map<std::string, std::unique_ptr<StoredBundle>>;

  OpenedBundle open(std::string_view bytes, const std::string &from) const;
  // The bundle held with the same name and version, or end().
  BySha::iterator same_version(const BundleManifest &manifest);
  static PublishConflict conflict(const std::string &from, const BundleManifest &manifest,
                                  const std::string &held_sha);
  const StoredBundle *insert(OpenedBundle opened, std::filesystem::path file);
  Resolution resolve(const std::vector<Requirement> &roots) const;

  std::filesystem::path dir_;
  Mode mode_;
  const TrustStore *trust_;
  ArchiveLimits limits_;
  BySha by_sha_;
  std::vector<std::string> errors_;
};

} // namespace flu::bundle
