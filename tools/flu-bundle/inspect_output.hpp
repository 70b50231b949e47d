// What flu-bundle prints about bundles: for people, or --json for scripts.
#pragma once

#include "bundle/bundle.hpp"
#include "bundle/repository.hpp"
#include "message/messages.hpp"

#include <ostream>

namespace flu::bundle_tool {

void print_inspection(std::ostream &out, const bundle::OpenedBundle &opened, bool json);
void print_resolution(std::ostream &out, const bundle::Resolution &resolution, bool json);
// The same from a manager's answer.
void print_resolution(std::ostream &out, const message::BundleResolution &resolution,
                      bool json);

} // namespace flu::bundle_tool
