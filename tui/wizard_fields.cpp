// The fields of the wizard's own steps (which worker, which types) from
// the steps the manager's bundles ship, the values a module's step reads,
// and editing a field. See wizard.hpp.
#include "wizard_stage.hpp"

#include <algorithm>

namespace flu::admin {
namespace {

const Choices yes_no = {{"no", ""}, {"yes", ""}};

Choices offered(const std::vector<const StepOffer *> &offers) {
  Choices out;
  for (const auto *o : offers)
    out.emplace_back(o->type, o->title);
  return out;
}

} // namespace

StepField choice_field(const std::string &name, const std::string &label,
                       const Choices &choices, const std::string &value) {
  StepField f;
  f.name = name;
  f.label = label;
  f.kind = FLU_FIELD_CHOICE;
  f.choices = choices;
  const bool there = std::any_of(choices.begin(), choices.end(),
                                 [&](const auto &c) { return c.first == value; });
  f.value = there || choices.empty() ? value : choices.front().first;
  return f;
}

void Wizard::builtin_fields(Stage &s) {
  const auto &c = catalogue_;
  if (s.id == "flow") {
    s.title = "a new flow: its name and its worker";
    Choices workers;
    for (const auto &w : env_.workers())
      workers.emplace_back(w, "");
    const std::string flow = choice("flow", "flow"), worker = choice("flow", "worker");
    StepField name;
    name.name = name.label = "flow";
    name.kind = FLU_FIELD_TEXT;
    name.value = flow.empty() ? "wizard" : flow;
    s.fields = {name, choice_field("worker", "worker", workers, worker)};
  } else if (s.id == "source") {
    s.title = "the source";
    s.fields = {choice_field("type", "source", offered(c.of_role("source")),
                             choice("source", "type"))};
  } else if (s.id == "encoding") {
    s.title = "the encodings";
    encoding_fields(s);
  } else if (s.id == "consumers") {
    s.title = "the consumers";
    consumer_fields(s);
  } else if (s.id == "bouncer") {
    s.title = "who may watch";
    Choices choices{{"none", "everyone may watch"}};
    for (const auto &o : offered(c.of_role("bouncer")))
      choices.push_back(o);
    s.fields = {
        choice_field("bouncer", "bouncer", choices, choice("bouncer", "bouncer"))};
  } else if (s.id == "review") {
    s.title = "review the planet XML, then load it";
    contribute_all();
  }
}

// The muxer, then the encoders whose coding it takes for the media the
// source offers, and a converter of the picture when one is shipped.
void Wizard::encoding_fields(Stage &s) {
  const auto &c = catalogue_;
  const std::string muxer_type = choice("encoding", "muxer");
  std::vector<StepField> fields{
      choice_field("muxer", "container", offered(c.of_role("muxer")), muxer_type)};
  const StepOffer *muxer = c.find(fields.front().value);
  auto encoders = [&](const std::string &role) {
    std::vector<const StepOffer *> fit;
    for (const auto *o : c.of_role(role))
      if (!muxer || WizardCatalogue::fits(*muxer, o))
        fit.push_back(o);
    return offered(fit);
  };
  if (source_offers("video")) {
    if (const auto converters = c.of_role("video-converter"); !converters.empty()) {
      Choices choices{{"none", "as the source gives it"}};
      for (const auto &o : offered(converters))
        choices.push_back(o);
      fields.push_back(choice_field("video-converter", "picture size", choices,
                                    choice("encoding", "video-converter")));
    }
    fields.push_back(choice_field("video", "video encoder", encoders("video-encoder"),
                                  choice("encoding", "video")));
  }
  if (source_offers("audio"))
    fields.push_back(choice_field("audio", "audio encoder", encoders("audio-encoder"),
                                  choice("encoding", "audio")));
  s.fields = std::move(fields);
}

// A yes/no for each consumer that takes what the muxer makes.
void Wizard::consumer_fields(Stage &s) {
  const StepOffer *muxer = catalogue_.find(choice("encoding", "muxer"));
  std::vector<StepField> fields;
  for (const auto *o : catalogue_.of_role("consumer"))
    if (WizardCatalogue::fits(*o, muxer))
      fields.push_back(
          choice_field(o->type, o->title, yes_no, choice("consumers", o->type)));
  s.fields = std::move(fields);
}

// Again at the review, now every choice is known: a streamer names the
// bouncer chosen after its own step.
void Wizard::contribute_all() {
  for (const auto &step : sequence())
    if (Stage *m = stages_.count(step) ? stages_[step].get() : nullptr; m && m->lib) {
      std::string error;
      if (!m->lib->contribute(values(*m), m->contribution, error))
        message_ = "the step " + m->title + " failed: " + error;
    }
}

StepValues Wizard::context(const Stage &s) const {
  StepValues v;
  v["flow"] = choice("flow", "flow");
  v["worker"] = choice("flow", "worker");
  v["component"] = s.component;
  v["video"] = source_offers("video") ? "true" : "false";
  v["audio"] = source_offers("audio") ? "true" : "false";
  if (const std::string muxer = choice("encoding", "muxer"); !muxer.empty())
    v["muxer"] = muxer;
  const std::string b = choice("bouncer", "bouncer");
  if (!b.empty() && b != "none")
    v["bouncer"] = choice("flow", "flow") + "-viewers";
  return v;
}

StepValues Wizard::values(const Stage &s) const {
  StepValues v = context(s);
  for (const auto &f : s.fields) {
    v[f.name] = f.value;
    for (std::size_t c = 0; c < f.choices.size() && c < f.rows.size(); ++c)
      if (f.choices[c].first == f.value)
        for (const auto &[column, cell] : f.rows[c])
          v[f.name + ":" + column] = cell; // "source:element"
  }
  return v;
}

void Wizard::cycle(StepField &f, int by) {
  if (f.kind != FLU_FIELD_CHOICE || f.choices.empty())
    return;
  const long n = static_cast<long>(f.choices.size());
  long at = 0;
  for (long i = 0; i < n; ++i)
    if (f.choices[i].first == f.value)
      at = i;
  f.value = f.choices[((at + by) % n + n) % n].first;
}

void Wizard::changed_field(Stage &s) {
  message_.clear();
  for (auto it = s.refused.begin(); it != s.refused.end();) {
    const StepField *f = s.field(it->first);
    it = f && f->choices_check ? std::next(it) : s.refused.erase(it);
  }
  if (!s.builtin && s.ready)
    ask_choices(s);
  if (s.id == "encoding") // the encoders that fit another muxer
    encoding_fields(s);
  if (s.builtin)
    ++generation_;
}

void Wizard::edit(Stage &s, StepField &f) {
  if (f.kind == FLU_FIELD_CHOICE) {
    cycle(f, 1);
    return changed_field(s);
  }
  const std::string id = s.id, name = f.name;
  env_.prompt(f.label + " (Enter keeps " + (f.value.empty() ? "it empty" : f.value) + ")",
              [this, id, name](const std::string &text) {
                Stage *st = stages_.count(id) ? stages_[id].get() : nullptr;
                StepField *field = st ? st->field(name) : nullptr;
                if (!field || path_.empty() || path_.back() != id)
                  return;
                if (!text.empty())
                  field->value = text;
                changed_field(*st);
              });
}

} // namespace flu::admin
