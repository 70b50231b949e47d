// The wizard's state of one step (wizard.hpp), shared by the files that
// make up the wizard; nothing outside tui/wizard*.cpp includes it.
#pragma once

#include "wizard.hpp"

#include <flu/wizard_step.h>

namespace flu::admin {

using Choices = std::vector<std::pair<std::string, std::string>>;

// Step ids: the wizard's own ("flow", "source", "encoding", "consumers",
// "bouncer", "review") and a module's, "step:ROLE" ("step:source",
// "step:video-converter", "step:video-encoder", "step:audio-encoder",
// "step:muxer", "step:bouncer") or "step:consumer:TYPE".
constexpr const char *step_prefix = "step:";
constexpr const char *consumer_prefix = "step:consumer:";

struct Wizard::Stage {
  std::string id, title, type, component;
  bool builtin = false;
  std::shared_ptr<WizardStepLibrary> lib; // a module's step, once loaded
  std::string bundle;                     // "loop-producer 1.0.0"
  std::string failure;                    // the step cannot be had: why
  bool ready = false;                     // fields described
  std::vector<StepField> fields;
  std::size_t selected = 0;
  std::map<std::string, std::string> refused; // field → why
  std::map<std::string, std::string> waiting; // field → what it waits for
  std::map<std::string, std::string> asked;   // field → its choices check's arguments
  StepContribution contribution;

  StepField *field(const std::string &name) {
    for (auto &f : fields)
      if (f.name == name)
        return &f;
    return nullptr;
  }
  // The role a module's step must have here: "consumer" for
  // "step:consumer:TYPE", else what follows "step:".
  std::string role() const;
};

StepField choice_field(const std::string &name, const std::string &label,
                       const Choices &choices, const std::string &value);
std::string reply_text(const message::AdminReply &reply);
std::string first_refusal(const std::map<std::string, std::string> &refused);

} // namespace flu::admin
