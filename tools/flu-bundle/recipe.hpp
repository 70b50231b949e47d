// Where a bundle's contents come from: a recipe (bundles/*.xml, the in-tree
// way) or a directory laid out as a bundle (the out-of-tree way).
//
//   <recipe name="http-streamer" version="1.0.0">
//     <description>HTTP streaming to viewers</description>
//     <depends name="flu-base" range="^1.0"/>
//     <module name="http-streamer"/>        MODULE-DIR/http-streamer/{module.xml,lib*.so}
//     <translations domain="flu"/>          LOCALE-DIR/*/LC_MESSAGES/flu.mo
//     <admin-page name="http-streamer"/>    MODULE-DIR/../admin-pages/http-streamer/
//                                           (type="T": the component type it is for)
//     <wizard-step name="http-streamer"/>   MODULE-DIR/../wizard-steps/http-streamer/
//   </recipe>
//
// Inside the bundle a module lives in modules/NAME/ and a translation in
// share/locale/LANG/LC_MESSAGES/DOMAIN.mo; a directory given to
// `create --from` is read with the same layout.
#pragma once

#include "bundle/archive.hpp"
#include "bundle/bundle_manifest.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::bundle_tool {

// A recipe or directory that cannot make a bundle; what() names the file.
class RecipeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Contents {
  bundle::BundleManifest manifest; // files are filled in by build_bundle()
  std::vector<bundle::ArchiveEntry> files;
};

struct RecipeDirs {
  std::filesystem::path modules; // the build's lib/flu/modules
  std::filesystem::path locale;  // the build's share/locale
};

Contents read_recipe(const std::filesystem::path &recipe, const RecipeDirs &dirs);

// Every regular file under `dir` (a link or a special file is refused).
// name, version and depends come from the command line.
Contents read_directory(const std::filesystem::path &dir, const std::string &name,
                        const std::string &version,
                        const std::vector<bundle::BundleDependency> &depends);

} // namespace flu::bundle_tool
