// See wizard_catalogue.hpp.
#include "wizard_catalogue.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace flu::admin {
namespace {

std::vector<std::string> words(const std::string &text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

} // namespace

std::vector<StepOffer> WizardCatalogue::parse(const message::AdminReply &reply) {
  std::vector<std::string> columns;
  std::vector<StepOffer> out;
  for (const auto &[key, cells] : reply.values) {
    if (key == "columns") {
      columns = cells;
      continue;
    }
    auto cell = [&](const std::string &name) {
      const auto at = std::find(columns.begin(), columns.end(), name);
      const auto i = static_cast<std::size_t>(at - columns.begin());
      return at != columns.end() && i < cells.size() ? cells[i] : std::string();
    };
    StepOffer o{cell("type"),           cell("wizard-step"),     cell("title"),
                words(cell("accepts")), words(cell("provides")), words(cell("checks"))};
    if (o.type.empty())
      throw std::runtime_error("the manager's list of types has a row without a type");
    if (o.title.empty())
      o.title = o.type;
    out.push_back(std::move(o));
  }
  if (std::find(columns.begin(), columns.end(), "wizard-step") == columns.end())
    throw std::runtime_error("the manager's answer lists no wizard steps");
  return out;
}

std::vector<const StepOffer *> WizardCatalogue::of_role(const std::string &role) const {
  std::vector<const StepOffer *> out;
  for (const auto &o : offers)
    if (o.role == role)
      out.push_back(&o);
  return out;
}

const StepOffer *WizardCatalogue::find(const std::string &type) const {
  for (const auto &o : offers)
    if (o.type == type)
      return &o;
  return nullptr;
}

bool WizardCatalogue::fits(const StepOffer &taker, const StepOffer *from) {
  if (taker.accepts.empty() || !from)
    return true;
  return std::any_of(from->provides.begin(), from->provides.end(), [&](const auto &f) {
    return std::find(taker.accepts.begin(), taker.accepts.end(), f) !=
           taker.accepts.end();
  });
}

} // namespace flu::admin
