// flu-inspect: what a module provides. At build time flu_add_module() runs
// `flu-inspect --manifest LIB --output module.xml`, so that the manager and
// the tools read the manifest and never load the module to learn what it is.
#include "module/module_loader.hpp"
#include "registry/manifest.hpp"

#include <cstring>
#include <fstream>
#include <iostream>

namespace {

int usage(std::ostream &out, int code) {
  out << "usage: flu-inspect [--manifest] MODULE.so [--output FILE]\n"
         "  Loads a flu module and prints its manifest (XML), or writes it to FILE.\n";
  return code;
}

} // namespace

int main(int argc, char **argv) {
  std::string module_path, output;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h"))
      return usage(std::cout, 0);
    if (!std::strcmp(argv[i], "--manifest"))
      continue;
    if (!std::strcmp(argv[i], "--output") && i + 1 < argc) {
      output = argv[++i];
      continue;
    }
    if (argv[i][0] == '-' || !module_path.empty())
      return usage(std::cerr, 2);
    module_path = argv[i];
  }
  if (module_path.empty())
    return usage(std::cerr, 2);
  try {
    const auto module = flu::module::load_module(module_path);
    const std::string xml = flu::registry::write_manifest(module->describe());
    if (output.empty()) {
      std::cout << xml;
      return 0;
    }
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << xml;
    if (!out.flush()) {
      std::cerr << "flu-inspect: cannot write " << output << "\n";
      return 1;
    }
    return 0;
  } catch (const std::exception &e) {
    std::cerr << "flu-inspect: " << e.what() << "\n";
    return 1;
  }
}
