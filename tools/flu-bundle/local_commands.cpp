// The verbs that need no manager: keys, building, signing, checking.
#include "commands.hpp"
#include "inspect_output.hpp"
#include "recipe.hpp"

#include "bundle/bundle.hpp"
#include "bundle/repository.hpp"
#include "files/atomic_file.hpp"
#include "files/install_dirs.hpp"

#include <cstdlib>
#include <iostream>

namespace flu::bundle_tool {
namespace {

namespace fs = std::filesystem;

fs::path config_dir() {
  if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return fs::path(xdg) / "flu";
  const char *home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config" / "flu";
}

std::string read_bundle(const fs::path &file) {
  if (!fs::exists(file))
    throw Failure(not_found, file.string() + ": no such file");
  try {
    return files::read_file(file);
  } catch (const std::exception &e) {
    throw Failure(not_found, e.what());
  }
}

bundle::SecretKey secret_key(const Options &o) {
  try {
    return bundle::read_secret_key(o.key);
  } catch (const bundle::SignatureError &e) {
    throw Failure(invalid, e.what());
  }
}

void write_output(const fs::path &file, const std::string &bytes) {
  try {
    if (file.has_parent_path())
      fs::create_directories(file.parent_path());
    files::replace_file(file, bytes, 0644);
  } catch (const std::exception &e) {
    throw Failure(invalid, e.what());
  }
}

std::vector<bundle::BundleDependency> parse_depends(const std::vector<std::string> &in) {
  std::vector<bundle::BundleDependency> out;
  for (const auto &d : in) {
    const auto colon = d.find(':');
    if (colon == std::string::npos || colon == 0)
      throw UsageError("--depends " + d + ": expected NAME:RANGE (flu-base:^1.0)");
    out.push_back({d.substr(0, colon), d.substr(colon + 1)});
  }
  return out;
}

bundle::TrustStore trust_store(const std::vector<fs::path> &given) {
  bundle::TrustStore trust;
  try {
    if (given.empty()) {
      trust.add_directory(config_dir() / "trusted-keys");
      trust.add_directory(files::data_dir() / "trusted-keys");
    }
    for (const auto &t : given) {
      if (fs::is_directory(t))
        trust.add_directory(t);
      else if (fs::exists(t))
        trust.add(bundle::read_public_key(t));
      else
        throw Failure(not_found, "--trust " + t.string() + ": no such file or directory");
    }
  } catch (const bundle::SignatureError &e) {
    throw Failure(invalid, e.what());
  }
  return trust;
}

} // namespace

int keygen(const Options &o) {
  if (o.operands.size() != 1)
    throw UsageError("keygen takes one NAME");
  const fs::path dir = o.key_dir.empty() ? config_dir() / "release-keys" : o.key_dir;
  try {
    const auto key = bundle::generate_key(o.operands[0]);
    bundle::write_key_files(dir, key);
    std::cout << "wrote " << (dir / (key.name + ".key")).string() << " (secret) and "
              << (dir / (key.name + ".pub")).string() << "\nkey id "
              << key.public_key().id() << "\n";
  } catch (const bundle::SignatureError &e) {
    throw Failure(invalid, e.what());
  }
  return ok;
}

int create(const Options &o) {
  if (!o.operands.empty())
    throw UsageError("create takes no operand (use --recipe or --from)");
  if (o.recipe.empty() == o.from.empty())
    throw UsageError("create needs exactly one of --recipe FILE and --from DIR");
  if (o.output.empty())
    throw UsageError("create needs --output FILE");
  Contents contents;
  try {
    if (!o.recipe.empty()) {
      const fs::path base = files::executable_dir().parent_path();
      RecipeDirs dirs{o.module_dir.empty() ? base / "lib" / "flu" / "modules"
                                           : o.module_dir,
                      o.locale_dir.empty() ? base / "share" / "locale" : o.locale_dir};
      contents = read_recipe(o.recipe, dirs);
      if (!o.version.empty())
        contents.manifest.version = o.version;
    } else {
      if (o.name.empty() || o.version.empty())
        throw UsageError("create --from needs --name and --version");
      contents = read_directory(o.from, o.name, o.version, parse_depends(o.depends));
    }
  } catch (const RecipeError &e) {
    throw Failure(invalid, e.what());
  }
  if (!o.description.empty())
    contents.manifest.description = o.description;
  std::optional<bundle::SecretKey> key;
  if (!o.key.empty())
    key = secret_key(o);
  std::string bytes;
  try {
    bytes = bundle::build_bundle(contents.manifest, std::move(contents.files),
                                 key ? &*key : nullptr);
  } catch (const std::exception &e) {
    throw Failure(invalid, e.what());
  }
  write_output(o.output, bytes);
  std::cout << o.output.string() << ": " << contents.manifest.label() << ", "
            << bytes.size() << " bytes, sha256 " << bundle::sha256_hex(bytes)
            << (key ? ", signed by " + key->name + " (" + key->public_key().id() + ")"
                    : ", unsigned")
            << "\n";
  return ok;
}

int sign(const Options &o) {
  if (o.operands.size() != 1)
    throw UsageError("sign takes one BUNDLE");
  if (o.key.empty())
    throw UsageError("sign needs --key FILE");
  const fs::path in = o.operands[0];
  const auto key = secret_key(o);
  std::string bytes;
  try {
    bytes = bundle::sign_bundle(read_bundle(in), in.string(), key);
  } catch (const bundle::BundleError &e) {
    throw Failure(invalid, e.what());
  }
  const fs::path out = o.output.empty() ? in : o.output;
  write_output(out, bytes);
  std::cout << out.string() << ": signed by " << key.name << " (" << key.public_key().id()
            << "), sha256 " << bundle::sha256_hex(bytes) << "\n";
  return ok;
}

int verify(const Options &o) {
  if (o.operands.empty())
    throw UsageError("verify takes at least one BUNDLE");
  const auto trust = trust_store(o.trust);
  if (trust.empty())
    throw Failure(invalid, "no trusted keys (give --trust DIR or FILE.pub)");
  bundle::VerifyOptions options;
  options.trust = &trust;
  int code = ok;
  for (const auto &file : o.operands) {
    try {
      const auto opened = bundle::open_bundle(read_bundle(file), file, options);
      std::cout << file << ": ok, " << opened.manifest.label() << ", "
                << opened.files.size() << " files, signed by " << opened.signer << "\n";
    } catch (const bundle::BundleError &e) {
      std::cerr << "flu-bundle: " << e.what() << "\n";
      code = invalid;
    } catch (const Failure &e) {
      std::cerr << "flu-bundle: " << e.what() << "\n";
      code = code == ok ? e.code() : code;
    }
  }
  return code;
}

int inspect(const Options &o) {
  if (o.operands.size() != 1)
    throw UsageError("inspect takes one BUNDLE");
  bundle::VerifyOptions options;
  options.allow_unsigned = true;
  options.check_platform = false;
  options.check_abi = false;
  try {
    const auto opened =
        bundle::open_bundle(read_bundle(o.operands[0]), o.operands[0], options);
    print_inspection(std::cout, opened, o.json);
  } catch (const bundle::BundleError &e) {
    throw Failure(invalid, e.what());
  }
  return ok;
}

int resolve(const Options &o) {
  if (o.to_manager)
    return resolve_with_manager(o);
  if (o.operands.size() != 1)
    throw UsageError("resolve takes one TYPE (or, with --bundle, one NAME)");
  if (o.repository.empty())
    throw UsageError("resolve needs --repository DIR or --manager HOST[:PORT]");
  if (!fs::is_directory(o.repository))
    throw Failure(not_found, o.repository.string() + ": no such directory");
  bundle::Repository repository(o.repository, bundle::Repository::Mode::read_only);
  for (const auto &e : repository.errors())
    std::cerr << "flu-bundle: skipped " << e << "\n";
  try {
    const auto resolution = o.bundle_name
                                ? repository.resolve_bundle(o.operands[0], o.range)
                                : repository.resolve_type(o.operands[0], o.range);
    print_resolution(std::cout, resolution, o.json);
  } catch (const bundle::ResolveError &e) {
    throw Failure(e.kind() == bundle::ResolveError::Kind::missing ? not_found : conflict,
                  e.what());
  }
  return ok;
}

} // namespace flu::bundle_tool
