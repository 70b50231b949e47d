// Loads a module's shared object and checks that it speaks our ABI.
//
// Jobs, flu-inspect (at build time) and the manager (for its own bouncer
// only) load modules; the manager and the tools learn what a module
// provides from its manifest. A library stays
// loaded while any LoadedModule referring to it lives, so everything whose
// code sits in the module must be gone before the last reference is dropped.
#pragma once

#include <flu/module.h>

#include "registry/component_type.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::module {

class LoadError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class LoadedModule {
public:
  virtual ~LoadedModule() = default;
  // The module's own description. Its `types` table has the module's
  // stride (an ABI 1.0 module's entries are shorter): read types() instead.
  virtual const flu_module &info() const = 0;
  virtual const std::filesystem::path &path() const = 0;
  // The module's component types as this host's ABI lays them out: fields
  // the module's ABI predates are zero (NULL), and `ops` points to a copy
  // completed the same way, except `kind`, which is always set (a module
  // older than ABI 1.3 gets the kind its operations imply). struct_size
  // stays the module's.
  virtual const std::vector<flu_component_type> &types() const = 0;
  // nullptr when the module provides no such type.
  const flu_component_type *find_type(const std::string &name) const;
  // The module's own description, as a manifest would hold it.
  registry::ModuleManifest describe() const;
};

// Throws LoadError naming the file and, for a version mismatch, both versions.
std::shared_ptr<LoadedModule> load_module(const std::filesystem::path &path);

// The ABI gate, separate so that it can be tested without a library:
// returns an empty string when a module of abi_major.abi_minor may load.
std::string check_abi(uint32_t abi_major, uint32_t abi_minor);

} // namespace flu::module
