// The walk through the wizard's steps; see wizard.hpp and docs/admin.md
// "Wizard".
#include "wizard_stage.hpp"

#include <curses.h>

#include <algorithm>

namespace flu::admin {

std::string Wizard::Stage::role() const {
  const std::string c = consumer_prefix;
  return id.rfind(c, 0) == 0 ? "consumer" : id.substr(std::string(step_prefix).size());
}

Wizard::Wizard(WizardEnv env) : env_(std::move(env)) {}
Wizard::~Wizard() = default;

void Wizard::open() {
  stages_.clear();
  path_.clear();
  message_.clear();
  pending_ = 0;
  loading_ = false;
  active_ = true;
  ask_catalogue(); // each time: a bundle published since brings its step
  enter("flow");
}

// Which steps the manager's bundles ship: the choices of types are these.
void Wizard::ask_catalogue() {
  message::AdminRequest request;
  request.verb = "types";
  catalogue_.state = WizardCatalogue::State::asking;
  const bool sent = env_.request(request, [this](const message::AdminReply &reply) {
    try {
      if (reply.code != message::ReplyCode::done)
        throw std::runtime_error(reply_text(reply));
      catalogue_.offers = WizardCatalogue::parse(reply);
      catalogue_.state = WizardCatalogue::State::ready;
    } catch (const std::exception &e) {
      catalogue_.state = WizardCatalogue::State::failed;
      catalogue_.failure =
          std::string("the manager did not list its wizard steps: ") + e.what();
    }
    if (active_ && !path_.empty() && current().builtin) {
      const std::string id = path_.back();
      path_.pop_back();
      enter(id); // its choices, now known
    }
    if (env_.changed)
      env_.changed();
  });
  if (!sent) {
    catalogue_.state = WizardCatalogue::State::unsent;
    catalogue_.failure = "not connected to the manager";
  }
}

Wizard::Stage &Wizard::stage(const std::string &id) {
  auto &s = stages_[id];
  if (!s)
    s = std::make_unique<Stage>();
  return *s;
}

const Wizard::Stage *Wizard::find(const std::string &id) const {
  const auto it = stages_.find(id);
  return it == stages_.end() ? nullptr : it->second.get();
}

std::string Wizard::choice(const std::string &stage_id, const std::string &field) const {
  const Stage *s = find(stage_id);
  if (!s)
    return "";
  for (const auto &f : s->fields)
    if (f.name == field)
      return f.value;
  return "";
}

bool Wizard::source_offers(const std::string &medium) const {
  const Stage *s = find("step:source");
  return s && std::any_of(s->contribution.feeders.begin(), s->contribution.feeders.end(),
                          [&](const auto &f) { return f.second == medium; });
}

// The consumers the operator said yes to, in the order offered.
std::vector<std::string> Wizard::chosen_consumers() const {
  std::vector<std::string> out;
  if (const Stage *s = find("consumers"))
    for (const auto &f : s->fields)
      if (f.value == "yes")
        out.push_back(f.name);
  return out;
}

// The steps from here to the review, as the choices so far make them.
std::vector<std::string> Wizard::sequence() const {
  std::vector<std::string> seq{"flow", "source"};
  if (choice("source", "type").empty())
    return seq;
  seq.push_back("step:source");
  seq.push_back("encoding");
  const bool video = source_offers("video");
  const std::string converter = choice("encoding", "video-converter");
  if (video && !converter.empty() && converter != "none")
    seq.push_back("step:video-converter");
  if (video)
    seq.push_back("step:video-encoder");
  if (source_offers("audio"))
    seq.push_back("step:audio-encoder");
  seq.push_back("step:muxer");
  seq.push_back("consumers");
  for (const auto &type : chosen_consumers())
    seq.push_back(consumer_prefix + type);
  seq.push_back("bouncer");
  const std::string b = choice("bouncer", "bouncer");
  if (!b.empty() && b != "none")
    seq.push_back("step:bouncer");
  seq.push_back("review");
  return seq;
}

// The component type a module's step configures, as chosen before it.
std::string Wizard::step_type(const std::string &id) const {
  if (id.rfind(consumer_prefix, 0) == 0)
    return id.substr(std::string(consumer_prefix).size());
  // Which of the wizard's own steps chose it: step, field.
  static const std::map<std::string, std::pair<const char *, const char *>> chosen_by = {
      {"step:source", {"source", "type"}},
      {"step:video-converter", {"encoding", "video-converter"}},
      {"step:video-encoder", {"encoding", "video"}},
      {"step:audio-encoder", {"encoding", "audio"}},
      {"step:muxer", {"encoding", "muxer"}},
      {"step:bouncer", {"bouncer", "bouncer"}}};
  const auto it = chosen_by.find(id);
  return it == chosen_by.end() ? "" : choice(it->second.first, it->second.second);
}

// Its component's name: the role's, a consumer's the first word of its type
// ("http" for http-streamer) unless another chosen consumer's starts alike.
std::string Wizard::step_component(const std::string &id) const {
  if (id == "step:source")
    return "producer";
  if (id == "step:bouncer")
    return choice("flow", "flow") + "-viewers";
  if (id.rfind(consumer_prefix, 0) != 0)
    return id.substr(std::string(step_prefix).size());
  const std::string type = step_type(id);
  const auto word = [](const std::string &t) { return t.substr(0, t.find('-')); };
  const auto consumers = chosen_consumers();
  const auto alike = std::count_if(consumers.begin(), consumers.end(),
                                   [&](const auto &c) { return word(c) == word(type); });
  return alike > 1 ? type : word(type);
}

void Wizard::enter(const std::string &id) {
  ++generation_;
  pending_ = 0;
  message_.clear();
  path_.push_back(id);
  if (id.rfind(step_prefix, 0) == 0) {
    const std::string type = step_type(id), component = step_component(id);
    auto &held = stages_[id];
    if (!held || held->type != type || held->component != component) {
      held = std::make_unique<Stage>(); // another type now: a fresh form
      held->id = id;
      held->type = type;
      held->component = component;
      held->title = type;
    }
    poll();
    return;
  }
  if (id != "flow" && catalogue_.state == WizardCatalogue::State::unsent)
    ask_catalogue(); // the manager may be back
  Stage &s = stage(id);
  s.id = id;
  s.builtin = true;
  s.refused.clear();
  builtin_fields(s);
  s.selected = std::min(s.selected, s.fields.empty() ? 0 : s.fields.size() - 1);
}

void Wizard::poll() {
  if (!active_ || path_.empty())
    return;
  Stage &s = current();
  if (s.builtin || s.ready || !s.failure.empty())
    return;
  if (s.type.empty()) {
    s.failure = "no component type for this step";
    return;
  }
  const PageState &state = env_.bundle(s.type);
  if (state.kind == PageState::Kind::fetching)
    return;
  s.bundle = state.bundle;
  if (state.wizard_step.empty()) {
    s.failure = state.kind == PageState::Kind::failed
                    ? state.message
                    : "bundle " + state.bundle + " has no wizard step for " + s.type;
    return;
  }
  std::string error;
  try {
    s.lib = std::make_shared<WizardStepLibrary>(state.wizard_step, s.type);
    if (s.lib->role() != s.role())
      throw std::runtime_error("it is a step for a " + s.lib->role() + ", not a " +
                               s.role());
    s.title = s.lib->title() + " (" + s.type + ")";
    if (!s.lib->describe(context(s), s.fields, error))
      s.failure = "the wizard step of bundle " + s.bundle + " failed: " + error;
  } catch (const std::exception &e) {
    s.failure = "the wizard step of bundle " + s.bundle + " does not load: " + e.what();
  }
  if (!s.failure.empty())
    return;
  s.ready = true;
  ask_choices(s);
}

void Wizard::next() {
  Stage &s = current();
  if (pending_ > 0 || loading_)
    return;
  if (s.id == "review")
    return load();
  if (!s.builtin && !s.ready) {
    message_ = s.failure.empty() ? "wait: the step is on its way" : s.failure;
    return;
  }
  // A refusal from a check on the worker is asked again; one from a
  // choices check stays until its arguments change.
  for (auto it = s.refused.begin(); it != s.refused.end();) {
    const StepField *f = s.field(it->first);
    it = f && f->choices_check ? std::next(it) : s.refused.erase(it);
  }
  message_.clear();
  if (!local_checks(s)) {
    message_ = first_refusal(s.refused);
    return;
  }
  if (s.builtin)
    return finish_step(s);
  Refusals refusals;
  std::string error;
  if (!s.lib->validate(values(s), refusals, error)) {
    message_ = "the step failed: " + error;
    return;
  }
  for (const auto &[field, why] : refusals)
    s.refused[field] = why;
  if (!s.refused.empty()) {
    message_ = first_refusal(s.refused);
    return;
  }
  // The checks on the worker; the step goes on when all have passed.
  const std::string worker = choice("flow", "worker");
  const unsigned generation = ++generation_;
  for (const auto &f : s.fields)
    for (const auto &check : f.value_checks) {
      message::AdminRequest request;
      request.verb = "check";
      request.target = worker;
      request.args = {"", s.type, check.check};
      const auto args = substitute(check.args, values(s));
      request.args.insert(request.args.end(), args.begin(), args.end());
      const std::string id = s.id, name = f.name;
      const bool sent = env_.request(
          request, [this, id, name, generation](const message::AdminReply &r) {
            if (generation != generation_ || path_.back() != id)
              return;
            Stage &st = current();
            if (r.code != message::ReplyCode::done && !st.refused.count(name))
              st.refused[name] = reply_text(r);
            if (--pending_ > 0)
              return;
            if (st.refused.empty()) {
              message_.clear();
              finish_step(st);
            } else {
              message_ = first_refusal(st.refused);
            }
            if (env_.changed)
              env_.changed();
          });
      if (!sent) {
        s.refused[name] = "not connected to the manager";
        continue;
      }
      ++pending_;
      message_ = "checking on " + worker + "...";
    }
  if (pending_ == 0) {
    if (s.refused.empty())
      finish_step(s);
    else
      message_ = first_refusal(s.refused);
  }
}

void Wizard::finish_step(Stage &s) {
  if (!s.builtin) {
    std::string error;
    if (!s.lib->contribute(values(s), s.contribution, error)) {
      message_ = "the step failed: " + error;
      return;
    }
  }
  const auto seq = sequence();
  const auto at = std::find(seq.begin(), seq.end(), s.id);
  if (at == seq.end() || at + 1 == seq.end())
    return;
  enter(*(at + 1));
}

void Wizard::back() {
  if (loading_)
    return;
  ++generation_;
  pending_ = 0;
  message_.clear();
  path_.pop_back();
  if (path_.empty()) {
    active_ = false;
    if (env_.done)
      env_.done("wizard closed; nothing was loaded");
    return;
  }
  const std::string id = path_.back();
  path_.pop_back();
  enter(id); // the stage keeps its values unless its type changed
}

void Wizard::key(int key) {
  if (!active_ || path_.empty())
    return;
  Stage &s = current();
  if (key == 27)
    return back();
  if (key == 'n' || key == '\t' ||
      ((key == '\n' || key == '\r' || key == KEY_ENTER) && s.id == "review"))
    return next();
  if (pending_ > 0 || s.fields.empty())
    return;
  StepField &f = s.fields[std::min(s.selected, s.fields.size() - 1)];
  switch (key) {
  case KEY_UP:
    s.selected = s.selected ? s.selected - 1 : 0;
    return;
  case KEY_DOWN:
    s.selected = std::min(s.selected + 1, s.fields.size() - 1);
    return;
  case KEY_LEFT:
    cycle(f, -1);
    return changed_field(s);
  case KEY_RIGHT:
    cycle(f, 1);
    return changed_field(s);
  case '\n':
  case '\r':
  case KEY_ENTER:
    return edit(s, f);
  default:
    return;
  }
}

} // namespace flu::admin
