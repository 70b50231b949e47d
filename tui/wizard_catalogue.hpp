// What the wizard may offer: the wizard steps the manager's bundles ship,
// as its `types` answer lists them (flu-command types: one row per
// component type with the role, title and formats its bundle's manifest
// gives its step). The wizard's lists of sources, encoders, muxers,
// consumers and bouncers are these, so a bundle with a new step shows up
// without a console change.
#pragma once

#include "message/messages.hpp"

#include <string>
#include <vector>

namespace flu::admin {

struct StepOffer {
  std::string type, role, title;
  std::vector<std::string> accepts, provides; // empty accepts: anything
  std::vector<std::string> checks;            // the type's runtime checks
};

class WizardCatalogue {
public:
  enum class State { none, unsent, asking, ready, failed };

  // The `types` answer: "columns", then a row per type. Throws
  // std::runtime_error when it is no such table.
  static std::vector<StepOffer> parse(const message::AdminReply &reply);

  State state = State::none;
  std::string failure; // why it is not there
  std::vector<StepOffer> offers;

  std::vector<const StepOffer *> of_role(const std::string &role) const;
  const StepOffer *find(const std::string &type) const;
  // A step accepting `accepts` takes what `from` provides: no
  // restriction, or a format in common.
  static bool fits(const StepOffer &taker, const StepOffer *from);
};

} // namespace flu::admin
