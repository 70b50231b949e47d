// What a wizard step (<flu/wizard_step.h>) says of itself: the type it
// configures, its role, title and formats. flu-bundle loads the step once,
// when it bundles it, and writes these into the manifest, as flu-inspect
// writes a module's manifest after its build: the manager then lists a
// bundle's steps (flu-command types, flu-admin's wizard) without loading
// anything.
#pragma once

#include <filesystem>
#include <string>

namespace flu::bundle_tool {

struct WizardStepInfo {
  std::string component_type, role, title, accepts, provides;
};

// Throws RecipeError naming the file when it does not load or is no step.
WizardStepInfo read_wizard_step(const std::filesystem::path &library);

} // namespace flu::bundle_tool
