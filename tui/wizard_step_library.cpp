#include "wizard_step_library.hpp"

#include <flu/wizard_step.h>

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <stdexcept>

// The host's side of the ABI: what one call of a step reads and writes.
// A pointer left null is a part the call may not write (a field during
// contribute()): the host ignores it.
struct flu_wizard_call {
  const flu::admin::StepValues *values = nullptr;
  std::vector<flu::admin::StepField> *fields = nullptr;
  flu::admin::Refusals *refusals = nullptr;
  flu::admin::StepContribution *out = nullptr;
  std::string error;
};

namespace flu::admin {

namespace {

using Lib = WizardStepLibrary;

std::string text(const char *s) {
  if (!s)
    return "";
  return std::string(s, strnlen(s, Lib::max_text));
}

StepField *field_named(flu_wizard_call *c, const char *name) {
  if (!c->fields)
    return nullptr;
  for (auto &f : *c->fields)
    if (f.name == text(name))
      return &f;
  c->error = "the step speaks of field \"" + text(name) + "\", which it did not describe";
  return nullptr;
}

std::vector<std::string> strings(const char *const *args, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; args && i < n && i < 16; ++i)
    out.push_back(text(args[i]));
  return out;
}

const flu_wizard_host host_functions = {
    FLU_WIZARD_STEP_ABI_MAJOR,
    FLU_WIZARD_STEP_ABI_MINOR,
    [](const flu_wizard_call *c, const char *name) -> const char * {
      const auto it = c->values->find(text(name));
      return it == c->values->end() ? nullptr : it->second.c_str();
    },
    [](flu_wizard_call *c, const char *name, const char *label, int kind,
       const char *default_value) {
      if (!c->fields)
        return;
      if (c->fields->size() >= Lib::max_fields || !name || !*name || kind < 0 ||
          kind > FLU_FIELD_PORT) {
        c->error = "the step describes a field it cannot have (" + text(name) + ")";
        return;
      }
      StepField f;
      f.name = text(name);
      f.label = label && *label ? text(label) : f.name;
      f.kind = kind;
      f.value = text(default_value);
      c->fields->push_back(std::move(f));
    },
    [](flu_wizard_call *c, const char *field, const char *value, const char *label) {
      if (StepField *f = field_named(c, field); f && f->choices.size() < Lib::max_choices)
        f->choices.emplace_back(text(value), text(label));
    },
    [](flu_wizard_call *c, const char *field, const char *check, const char *const *args,
       size_t n_args, int32_t value_column, int32_t label_column,
       int32_t require_column) {
      if (StepField *f = field_named(c, field))
        f->choices_check =
            StepCheck{text(check), strings(args, n_args), std::max(0, value_column),
                      label_column, require_column};
    },
    [](flu_wizard_call *c, const char *field, int64_t min, int64_t max) {
      if (StepField *f = field_named(c, field))
        f->range = {min, max};
    },
    [](flu_wizard_call *c, const char *field, const char *check, const char *const *args,
       size_t n_args) {
      if (StepField *f = field_named(c, field); f && f->value_checks.size() < 8)
        f->value_checks.push_back(StepCheck{text(check), strings(args, n_args)});
    },
    [](flu_wizard_call *c, const char *field, const char *why) {
      if (c->refusals && c->refusals->size() < Lib::max_fields)
        c->refusals->emplace_back(text(field), why && *why ? text(why) : "refused");
    },
    [](flu_wizard_call *c, const char *name, const char *value) {
      if (c->out && name && *name && c->out->properties.size() < 64)
        c->out->properties.emplace_back(text(name), text(value));
    },
    [](flu_wizard_call *c, const char *name, const char *medium) {
      if (c->out && name && *name && c->out->feeders.size() < 16)
        c->out->feeders.emplace_back(text(name), text(medium));
    },
    [](flu_wizard_call *c, const char *what) {
      c->error = what && *what ? text(what) : "the step failed";
    },
};

using Function = int (*)(const flu_wizard_host *, flu_wizard_call *);

bool call(Function f, flu_wizard_call &c, std::string &error) {
  error.clear();
  int code = 0;
  try {
    code = f(&host_functions, &c);
  } catch (const std::exception &e) { // a C step built to throw anyway
    error = std::string("the step threw: ") + e.what();
    return false;
  } catch (...) {
    error = "the step threw";
    return false;
  }
  if (!c.error.empty())
    error = c.error;
  else if (code != 0)
    error = "the step returned " + std::to_string(code);
  return error.empty();
}

} // namespace

WizardStepLibrary::WizardStepLibrary(const std::filesystem::path &file,
                                     const std::string &type) {
  handle_ = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char *why = ::dlerror();
    throw std::runtime_error(why ? why : "cannot load " + file.string());
  }
  auto entry = reinterpret_cast<flu_wizard_step_entry_fn>(
      ::dlsym(handle_, FLU_WIZARD_STEP_ENTRY_SYMBOL));
  const flu_wizard_step *step = entry ? entry() : nullptr;
  std::string why;
  if (!entry)
    why = "it exports no " FLU_WIZARD_STEP_ENTRY_SYMBOL;
  else if (!step || !step->describe || !step->validate || !step->contribute ||
           !step->component_type || !step->role)
    why = "its entry gave no step";
  else if (step->abi_major != FLU_WIZARD_STEP_ABI_MAJOR ||
           step->abi_minor > FLU_WIZARD_STEP_ABI_MINOR)
    why = "it is built for wizard step ABI " + std::to_string(step->abi_major) + "." +
          std::to_string(step->abi_minor) + ", this console knows " +
          std::to_string(FLU_WIZARD_STEP_ABI_MAJOR) + "." +
          std::to_string(FLU_WIZARD_STEP_ABI_MINOR);
  else if (text(step->component_type) != type)
    why = "it is not a step for " + type;
  if (!why.empty()) {
    ::dlclose(handle_);
    throw std::runtime_error(why);
  }
  step_ = step;
}

WizardStepLibrary::~WizardStepLibrary() { ::dlclose(handle_); }

std::string WizardStepLibrary::id() const { return text(step_->id); }
std::string WizardStepLibrary::type() const { return text(step_->component_type); }
std::string WizardStepLibrary::role() const { return text(step_->role); }
std::string WizardStepLibrary::title() const {
  const std::string t = text(step_->title);
  return t.empty() ? type() : t;
}

std::string WizardStepLibrary::accepts() const {
  return step_->abi_minor >= 1 ? text(step_->accepts) : "";
}
std::string WizardStepLibrary::provides() const {
  return step_->abi_minor >= 1 ? text(step_->provides) : "";
}

bool WizardStepLibrary::describe(const StepValues &context,
                                 std::vector<StepField> &fields,
                                 std::string &error) const {
  fields.clear();
  flu_wizard_call c;
  c.values = &context;
  c.fields = &fields;
  return call(step_->describe, c, error);
}

bool WizardStepLibrary::validate(const StepValues &values, Refusals &refusals,
                                 std::string &error) const {
  refusals.clear();
  flu_wizard_call c;
  c.values = &values;
  c.refusals = &refusals;
  return call(step_->validate, c, error);
}

bool WizardStepLibrary::contribute(const StepValues &values, StepContribution &out,
                                   std::string &error) const {
  out = {};
  flu_wizard_call c;
  c.values = &values;
  c.out = &out;
  return call(step_->contribute, c, error);
}

std::vector<std::string> substitute(const std::vector<std::string> &args,
                                    const StepValues &values) {
  std::vector<std::string> out;
  for (const auto &a : args) {
    std::string s;
    for (std::size_t i = 0; i < a.size();) {
      const std::size_t close = a[i] == '{' ? a.find('}', i) : std::string::npos;
      if (close != std::string::npos) {
        const auto it = values.find(a.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          s += it->second;
          i = close + 1;
          continue;
        }
      }
      s += a[i++];
    }
    out.push_back(std::move(s));
  }
  return out;
}

} // namespace flu::admin
