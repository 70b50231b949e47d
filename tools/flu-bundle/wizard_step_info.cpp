// Reads a wizard step's own description; see wizard_step_info.hpp.
#include "wizard_step_info.hpp"

#include "recipe.hpp"

#include <flu/wizard_step.h>

#include <dlfcn.h>

#include <memory>

namespace flu::bundle_tool {

WizardStepInfo read_wizard_step(const std::filesystem::path &library) {
  const std::string where = library.string();
  std::unique_ptr<void, int (*)(void *)> handle(
      dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL), &dlclose);
  if (!handle) {
    const char *why = dlerror();
    throw RecipeError(where + ": cannot load the wizard step: " + (why ? why : "?"));
  }
  const auto entry = reinterpret_cast<flu_wizard_step_entry_fn>(
      dlsym(handle.get(), FLU_WIZARD_STEP_ENTRY_SYMBOL));
  const flu_wizard_step *step = entry ? entry() : nullptr;
  if (!step)
    throw RecipeError(where + ": not a wizard step (no " FLU_WIZARD_STEP_ENTRY_SYMBOL
                              ")");
  if (step->abi_major != FLU_WIZARD_STEP_ABI_MAJOR)
    throw RecipeError(where + ": a wizard step of ABI " +
                      std::to_string(step->abi_major) + ".x; this tool bundles " +
                      std::to_string(FLU_WIZARD_STEP_ABI_MAJOR) + ".x");
  auto text = [](const char *s) { return s ? std::string(s) : std::string(); };
  WizardStepInfo info{text(step->component_type), text(step->role), text(step->title), "",
                      ""};
  if (step->abi_minor >= 1) {
    info.accepts = text(step->accepts);
    info.provides = text(step->provides);
  }
  if (info.component_type.empty() || info.role.empty())
    throw RecipeError(where + ": the wizard step names no component type or role");
  return info;
}

} // namespace flu::bundle_tool
