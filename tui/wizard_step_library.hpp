// A wizard step loaded from its shared object (<flu/wizard_step.h>), and
// the host side of the step ABI: the step describes its form, judges the
// operator's values and says what its component gets, within bounds.
// Whatever a step does wrong short of crashing (an exception, an error, a
// bad return, too much) ends as a message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct flu_wizard_step;

namespace flu::admin {

// A runtime check of the step's type on the chosen worker; "{field}" in an
// argument stands for that field's value.
struct StepCheck {
  std::string check;
  std::vector<std::string> args;
  int value_column = 0, label_column = -1, require_column = -1;
};

struct StepField {
  std::string name, label;
  int kind = 0; // flu_field_kind
  std::string value;
  std::vector<std::pair<std::string, std::string>> choices; // value, label
  // Choices from a check: each choice's row, keyed by the check's columns.
  std::vector<std::map<std::string, std::string>> rows;
  std::optional<StepCheck> choices_check;
  std::optional<std::pair<int64_t, int64_t>> range;
  std::vector<StepCheck> value_checks;
};

struct StepContribution {
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<std::pair<std::string, std::string>> feeders; // name, medium
};

using StepValues = std::map<std::string, std::string>;
using Refusals = std::vector<std::pair<std::string, std::string>>; // field, why

class WizardStepLibrary {
public:
  static constexpr std::size_t max_fields = 32, max_choices = 500, max_text = 4096;

  // Loads `file` and checks it is a step for `component_type` with a step
  // ABI this console knows. Throws std::runtime_error saying why not.
  WizardStepLibrary(const std::filesystem::path &file, const std::string &component_type);
  ~WizardStepLibrary();
  WizardStepLibrary(const WizardStepLibrary &) = delete;
  WizardStepLibrary &operator=(const WizardStepLibrary &) = delete;

  std::string id() const;
  std::string type() const;
  std::string role() const;
  std::string title() const;
  // The formats it joins (ABI 1.1; "" from a 1.0 step): blank-separated.
  std::string accepts() const;
  std::string provides() const;

  // Each returns false with `error` set when the step failed.
  bool describe(const StepValues &context, std::vector<StepField> &fields,
                std::string &error) const;
  bool validate(const StepValues &values, Refusals &refusals, std::string &error) const;
  bool contribute(const StepValues &values, StepContribution &out,
                  std::string &error) const;

private:
  void *handle_ = nullptr;
  const flu_wizard_step *step_ = nullptr;
};

// "{name}" in each argument replaced by values[name].
std::vector<std::string> substitute(const std::vector<std::string> &args,
                                    const StepValues &values);

} // namespace flu::admin
