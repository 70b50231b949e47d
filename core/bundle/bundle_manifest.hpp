// A bundle's manifest (flu-bundle.xml, the first entry of every bundle):
// what the bundle is, what it needs, what it provides, and the SHA-256 of
// every file it holds. The release signature covers these bytes, so it
// covers the files too.
//
//   <bundle name="http-streamer" version="1.1.0" abi="1.2" platform="x86_64-linux-gnu">
//     <description>HTTP streaming to viewers</description>
//     <depends name="flu-base" range="^1.0"/>
//     <provides>
//       <module path="modules/http-streamer" id="http-streamer" version="1.1.0" abi="1.2"
//               library="libflu-http-streamer.so">
//         <component type="http-streamer" ...> (as in module.xml: the schema)
//         </component>
//       </module>
//       <translation domain="flu" language="fr"
//       path="share/locale/fr/LC_MESSAGES/flu.mo"/> <admin-page
//       component-type="http-streamer" path="admin/http-streamer.html"/>
//       <wizard-step component-type="http-streamer" path="wizard/..." role="consumer"
//                    title="an HTTP stream" [accepts="..."] [provides="..."]/>
//     </provides>
//     <files>
//       <file path="modules/http-streamer/libflu-http-streamer.so" size="123"
//       sha256="..."/>
//     </files>
//   </bundle>
//
// Platform "any" marks a bundle without native code (translations, pages).
#pragma once

#include "registry/component_type.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::bundle {

// what(): "NAME:LINE: message".
class ManifestError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct BundleDependency {
  std::string name;
  std::string range; // a VersionRange
};

struct BundleModule {
  std::string path; // its folder inside the bundle
  registry::ModuleManifest manifest;
  std::string library_path() const { return path + "/" + manifest.library; }
};

struct BundleTranslation {
  std::string domain;
  std::string language;
  std::string path;
};

struct AdminPage {
  std::string component_type;
  std::string path;
};

// A step of flu-admin's wizard for a component type (<flu/wizard_step.h>),
// with what the step says of itself (read by flu-bundle when it bundles
// the step), so the manager offers it without loading it: its role
// ("source", "muxer"...), title, and the formats it accepts and provides
// (blank-separated words; empty: any / none in particular).
struct WizardStep {
  std::string component_type;
  std::string path;
  std::string role, title, accepts, provides;
};

struct BundleFile {
  std::string path;
  uint64_t size = 0;
  std::string sha256; // 64 lowercase hex digits
};

struct BundleManifest {
  std::string name; // [a-z0-9][a-z0-9._-]*
  std::string version;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  std::string platform;
  std::string description;
  std::vector<BundleDependency> depends;
  std::vector<BundleModule> modules;
  std::vector<BundleTranslation> translations;
  std::vector<AdminPage> admin_pages;
  std::vector<WizardStep> wizard_steps;
  std::vector<BundleFile> files; // sorted by path

  std::vector<std::string> component_types() const; // in module order
  const BundleModule *module_for_type(const std::string &type) const;
  const BundleFile *file(const std::string &path) const;
  std::string label() const { return name + " " + version; } // "http-streamer 1.1.0"
};

// Deterministic: the same manifest always gives the same bytes.
std::string write_bundle_manifest(const BundleManifest &manifest);

// Parses and checks everything later stages rely on: names, versions,
// ranges, ABI, safe relative paths, hashes; every module library,
// translation and page listed among the files; no duplicate file. Throws
// ManifestError naming `display_name` and the line.
BundleManifest parse_bundle_manifest(const std::string &xml,
                                     const std::string &display_name);

bool valid_bundle_name(const std::string &name);

} // namespace flu::bundle
