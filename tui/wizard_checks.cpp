// The checks of a step's fields: what fits a field's kind, judged here, and
// the runtime checks on the chosen worker whose rows become a field's
// choices. See wizard.hpp.
#include "wizard_stage.hpp"

#include <algorithm>
#include <charconv>

namespace flu::admin {
namespace {

bool whole_number(const std::string &s, int64_t &out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

bool valid_flow_name(const std::string &name) {
  if (name.empty() || name.size() > 64 ||
      !std::isalnum(static_cast<unsigned char>(name[0])))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

} // namespace

std::string reply_text(const message::AdminReply &reply) {
  if (!reply.text.empty())
    return reply.text;
  return "failed (code " + std::to_string(static_cast<int>(reply.code)) + ")";
}

std::string first_refusal(const std::map<std::string, std::string> &refused) {
  return refused.empty()
             ? ""
             : "refused: " + refused.begin()->first + ": " + refused.begin()->second;
}

// A runtime check's answer: its rows become the field's choices.
void Wizard::ask_choices(Stage &s) {
  const std::string worker = choice("flow", "worker");
  for (auto &f : s.fields) {
    if (!f.choices_check)
      continue;
    const auto args = substitute(f.choices_check->args, values(s));
    std::string key;
    for (const auto &a : args)
      key += a + '\x1f';
    if (s.asked.count(f.name) && s.asked[f.name] == key)
      continue;
    s.asked[f.name] = key;
    s.refused.erase(f.name);
    f.choices.clear();
    f.rows.clear();
    s.waiting[f.name] = "asking " + worker + " (" + f.choices_check->check + " check)...";
    message::AdminRequest request;
    request.verb = "check";
    request.target = worker;
    request.args = {"", s.type, f.choices_check->check};
    request.args.insert(request.args.end(), args.begin(), args.end());
    const std::string id = s.id, name = f.name;
    const auto check = *f.choices_check;
    const bool sent = env_.request(request, [this, id, name, key,
                                             check](const message::AdminReply &reply) {
      Stage *st = stages_.count(id) ? stages_[id].get() : nullptr;
      StepField *field = st ? st->field(name) : nullptr;
      if (!field || st->asked[name] != key)
        return; // asked again since
      st->waiting.erase(name);
      if (reply.code != message::ReplyCode::done) {
        st->refused[name] = reply_text(reply);
      } else {
        std::vector<std::string> columns;
        for (const auto &[row, cells] : reply.values) {
          if (row == "columns")
            columns = cells;
          if (row == "columns" || field->choices.size() >= WizardStepLibrary::max_choices)
            continue;
          auto cell = [&](int c) {
            return c >= 0 && static_cast<std::size_t>(c) < cells.size() ? cells[c] : "";
          };
          if (check.require_column >= 0 && cell(check.require_column).empty())
            continue;
          field->choices.emplace_back(cell(check.value_column), cell(check.label_column));
          auto &row_cells = field->rows.emplace_back();
          for (std::size_t c = 0; c < columns.size() && c < cells.size(); ++c)
            row_cells[columns[c]] = cells[c];
        }
        if (field->choices.empty())
          st->refused[name] = "the worker offers none" +
                              (reply.text.empty() ? "" : " (" + reply.text + ")");
        else if (std::none_of(field->choices.begin(), field->choices.end(),
                              [&](const auto &c) { return c.first == field->value; }))
          field->value = field->choices.front().first;
      }
      if (env_.changed)
        env_.changed();
    });
    if (!sent) {
      s.waiting.erase(f.name);
      s.asked.erase(f.name);
      s.refused[f.name] = "not connected to the manager";
    }
  }
}

// What fits the field's kind, before the step and the worker are asked.
bool Wizard::local_checks(Stage &s) {
  for (auto &f : s.fields) {
    if (s.waiting.count(f.name)) {
      s.refused[f.name] = "the worker has not answered yet";
      continue;
    }
    if (s.refused.count(f.name)) // a choices check that failed stays
      continue;
    int64_t n = 0;
    switch (f.kind) {
    case FLU_FIELD_CHOICE:
      if (f.choices.empty())
        s.refused[f.name] = "there is nothing to choose";
      else if (std::none_of(f.choices.begin(), f.choices.end(),
                            [&](const auto &c) { return c.first == f.value; }))
        s.refused[f.name] = "\"" + f.value + "\" is not one of the choices";
      break;
    case FLU_FIELD_INT:
      if (!whole_number(f.value, n))
        s.refused[f.name] = "\"" + f.value + "\" is not a whole number";
      else if (f.range && (n < f.range->first || n > f.range->second))
        s.refused[f.name] = std::to_string(n) + " is not between " +
                            std::to_string(f.range->first) + " and " +
                            std::to_string(f.range->second);
      break;
    case FLU_FIELD_PORT:
      if (!whole_number(f.value, n) || n < 1 || n > 65535)
        s.refused[f.name] = "\"" + f.value + "\" is not a TCP port (1 to 65535)";
      break;
    case FLU_FIELD_PATH:
      if (f.value.empty() || f.value[0] != '/')
        s.refused[f.name] = "\"" + f.value + "\" is not an absolute path";
      break;
    default:
      break;
    }
  }
  if (s.id == "flow") {
    const std::string flow = choice("flow", "flow");
    const auto flows = env_.flows();
    if (!valid_flow_name(flow))
      s.refused["flow"] = "a flow name is letters, digits, - and _";
    else if (std::find(flows.begin(), flows.end(), flow) != flows.end())
      s.refused["flow"] = "the planet has a flow " + flow + " already";
    if (choice("flow", "worker").empty())
      s.refused["worker"] = "no worker is connected";
  }
  if (s.builtin && s.id != "flow" && catalogue_.state != WizardCatalogue::State::ready)
    s.refused[s.fields.empty() ? "" : s.fields.front().name] =
        (catalogue_.state == WizardCatalogue::State::failed ||
         catalogue_.state == WizardCatalogue::State::unsent)
            ? catalogue_.failure
            : "the manager has not said which wizard steps it has yet";
  if (s.id == "consumers" && std::none_of(s.fields.begin(), s.fields.end(),
                                          [](auto &f) { return f.value == "yes"; }))
    s.refused[s.fields.empty() ? "" : s.fields.front().name] = "choose at least one";
  return s.refused.empty();
}

} // namespace flu::admin
