// Each verb of flu-bundle. They throw Failure (with its exit code) or
// UsageError, and return Exit::ok.
#pragma once

#include "options.hpp"

namespace flu::bundle_tool {

int keygen(const Options &o);
int create(const Options &o);
int sign(const Options &o);
int verify(const Options &o);
int inspect(const Options &o);
int resolve(const Options &o);
// Against a running manager (manager_commands.cpp).
int publish(const Options &o);
int list(const Options &o);
int resolve_with_manager(const Options &o);

} // namespace flu::bundle_tool
