// See wizard.hpp and docs/admin.md "Wizard".
#include "wizard.hpp"

#include <flu/wizard_step.h>

#include <curses.h>
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace flu::admin {

namespace {

using Choices = std::vector<std::pair<std::string, std::string>>;

// The wizard's own choices of types (Flumotion's wizard chose among the
// types its registry listed for each slot; here each slot lists the types
// that have a step in their bundle, which the console learns by fetching).
const Choices sources = {
    {"loop-producer", "a media file of the worker, looped"},
    {"videotest-producer", "a test picture"},
    {"audiotest-producer", "a test tone"},
    {"soundcard-producer", "a sound card of the worker"},
};
struct Profile {
  std::string name, label, video, audio, muxer;
};
const std::vector<Profile> profiles = {
    {"webm-vorbis", "WebM: VP8 video, Vorbis audio", "vp8-encoder", "vorbis-encoder",
     "webm-muxer"},
    {"webm-opus", "WebM: VP8 video, Opus audio", "vp8-encoder", "opus-encoder",
     "webm-muxer"},
    {"mpegts", "MPEG-TS: H.264 video, AAC audio (for HLS)", "h264-encoder", "aac-encoder",
     "mpegts-muxer"},
};
struct Consumer {
  std::string slot, type, label;
};
const std::vector<Consumer> consumers = {
    {"http", "http-streamer", "an HTTP stream"},
    {"hls", "hls-streamer", "HLS (MPEG-TS only)"},
    {"disk", "disk-consumer", "a disk archive"},
};
const Choices bouncers = {{"none", "everyone may watch"},
                          {"htpasswd-bouncer", "viewers log in (htpasswd)"}};
const Choices yes_no = {{"no", ""}, {"yes", ""}};

const Profile *profile_named(const std::string &name) {
  for (const auto &p : profiles)
    if (p.name == name)
      return &p;
  return nullptr;
}

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

std::string reply_text(const message::AdminReply &reply) {
  if (!reply.text.empty())
    return reply.text;
  return "failed (code " + std::to_string(static_cast<int>(reply.code)) + ")";
}

StepField choice_field(const std::string &name, const std::string &label,
                       const Choices &choices, const std::string &value) {
  StepField f;
  f.name = name;
  f.label = label;
  f.kind = FLU_FIELD_CHOICE;
  f.choices = choices;
  f.value = value.empty() && !choices.empty() ? choices.front().first : value;
  return f;
}

} // namespace

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
};

Wizard::Wizard(WizardEnv env) : env_(std::move(env)) {}
Wizard::~Wizard() = default;

void Wizard::open() {
  stages_.clear();
  path_.clear();
  message_.clear();
  pending_ = 0;
  loading_ = false;
  active_ = true;
  enter("flow");
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

// The steps from here to the review, as the choices so far make them.
std::vector<std::string> Wizard::sequence() const {
  std::vector<std::string> seq{"flow", "source"};
  if (choice("source", "type").empty())
    return seq;
  seq.push_back("step:source");
  seq.push_back("encoding");
  bool video = false, audio = false;
  if (const Stage *s = find("step:source"))
    for (const auto &[name, medium] : s->contribution.feeders) {
      video = video || medium == "video";
      audio = audio || medium == "audio";
    }
  if (video)
    seq.push_back("step:video-encoder");
  if (audio)
    seq.push_back("step:audio-encoder");
  seq.push_back("step:muxer");
  seq.push_back("consumers");
  for (const auto &c : consumers)
    if (choice("consumers", c.slot) == "yes")
      seq.push_back("step:" + c.slot);
  seq.push_back("bouncer");
  const std::string b = choice("bouncer", "bouncer");
  if (!b.empty() && b != "none")
    seq.push_back("step:bouncer");
  seq.push_back("review");
  return seq;
}

void Wizard::enter(const std::string &id) {
  ++generation_;
  pending_ = 0;
  message_.clear();
  path_.push_back(id);
  if (id.rfind("step:", 0) == 0) {
    const std::string slot = id.substr(5);
    const Profile *p = profile_named(choice("encoding", "profile"));
    std::string type, component = slot;
    if (slot == "source") {
      type = choice("source", "type");
      component = "producer";
    } else if (slot == "video-encoder" && p) {
      type = p->video;
    } else if (slot == "audio-encoder" && p) {
      type = p->audio;
    } else if (slot == "muxer" && p) {
      type = p->muxer;
    } else if (slot == "bouncer") {
      type = choice("bouncer", "bouncer");
      component = choice("flow", "flow") + "-viewers";
    }
    for (const auto &c : consumers)
      if (c.slot == slot)
        type = c.type;
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
  Stage &s = stage(id);
  s.id = id;
  s.builtin = true;
  s.refused.clear();
  if (id == "flow") {
    s.title = "a new flow: its name and its worker";
    Choices workers;
    for (const auto &w : env_.workers())
      workers.emplace_back(w, "");
    const std::string flow = choice("flow", "flow"), worker = choice("flow", "worker");
    s.fields = {};
    StepField name;
    name.name = name.label = "flow";
    name.kind = FLU_FIELD_TEXT;
    name.value = flow.empty() ? "wizard" : flow;
    s.fields.push_back(name);
    s.fields.push_back(choice_field("worker", "worker", workers, worker));
    if (!worker.empty() && std::none_of(workers.begin(), workers.end(),
                                        [&](const auto &w) { return w.first == worker; }))
      s.fields.back().value = workers.empty() ? "" : workers.front().first;
  } else if (s.fields.empty() && id == "source") {
    s.title = "the source";
    s.fields.push_back(choice_field("type", "source", sources, ""));
  } else if (id == "encoding") {
    s.title = "the encodings";
    Choices choices;
    for (const auto &p : profiles)
      choices.emplace_back(p.name, p.label);
    if (s.fields.empty())
      s.fields.push_back(choice_field("profile", "encoding", choices, ""));
  } else if (id == "consumers") {
    s.title = "the consumers";
    const bool ts = choice("encoding", "profile") == "mpegts";
    std::vector<StepField> fields;
    for (const auto &c : consumers) {
      if (c.slot == "hls" && !ts)
        continue;
      std::string was = choice("consumers", c.slot);
      fields.push_back(choice_field(c.slot, c.label, yes_no,
                                    was.empty() && c.slot == "http" ? "yes" : was));
    }
    s.fields = std::move(fields);
  } else if (id == "bouncer") {
    s.title = "who may watch";
    if (s.fields.empty())
      s.fields.push_back(choice_field("bouncer", "bouncer", bouncers, ""));
  } else if (id == "review") {
    s.title = "review the planet XML, then load it";
    // Again, now every choice is known: a streamer names the bouncer
    // chosen after its own step.
    for (const auto &step : sequence())
      if (Stage *m = stages_.count(step) ? stages_[step].get() : nullptr; m && m->lib) {
        std::string error;
        if (!m->lib->contribute(values(*m), m->contribution, error))
          message_ = "the step " + m->title + " failed: " + error;
      }
  }
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
    const std::string slot = s.id.substr(5);
    const std::string role =
        slot == "http" || slot == "hls" || slot == "disk" ? "consumer" : slot;
    if (s.lib->role() != role)
      throw std::runtime_error("it is a step for a " + s.lib->role() + ", not a " + role);
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

StepValues Wizard::context(const Stage &s) const {
  StepValues v;
  v["flow"] = choice("flow", "flow");
  v["worker"] = choice("flow", "worker");
  v["component"] = s.component;
  bool video = false, audio = false;
  if (const Stage *src = find("step:source"))
    for (const auto &[name, medium] : src->contribution.feeders) {
      video = video || medium == "video";
      audio = audio || medium == "audio";
    }
  v["video"] = video ? "true" : "false";
  v["audio"] = audio ? "true" : "false";
  if (const Profile *p = profile_named(choice("encoding", "profile")))
    v["muxer"] = p->muxer;
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
  if (s.id == "consumers" && std::none_of(s.fields.begin(), s.fields.end(),
                                          [](auto &f) { return f.value == "yes"; }))
    s.refused[s.fields.empty() ? "" : s.fields.front().name] = "choose at least one";
  return s.refused.empty();
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
    message_ = "refused: " + s.refused.begin()->first + ": " + s.refused.begin()->second;
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
    message_ = "refused: " + s.refused.begin()->first + ": " + s.refused.begin()->second;
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
      const bool sent = env_.request(request, [this, id, name,
                                               generation](const message::AdminReply &r) {
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
          message_ =
              "refused: " + st.refused.begin()->first + ": " + st.refused.begin()->second;
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
      message_ =
          "refused: " + s.refused.begin()->first + ": " + s.refused.begin()->second;
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
  if (s.id == "consumers" || s.id == "encoding" || s.id == "source" || s.id == "bouncer")
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

std::string Wizard::planet_xml() const {
  const std::string flow = choice("flow", "flow"), worker = choice("flow", "worker");
  pugi::xml_document doc;
  auto planet = doc.append_child("planet"); // merged into the running one
  auto component = [&](pugi::xml_node parent, const Stage &s,
                       const std::vector<std::string> &feeds) {
    auto c = parent.append_child("component");
    c.append_attribute("name") = s.component.c_str();
    c.append_attribute("type") = s.type.c_str();
    c.append_attribute("worker") = worker.c_str();
    if (!feeds.empty()) {
      auto eater = c.append_child("eater");
      eater.append_attribute("name") = "default";
      for (const auto &f : feeds)
        eater.append_child("feed").text() = f.c_str();
    }
    for (const auto &[name, value] : s.contribution.properties) {
      auto p = c.append_child("property");
      p.append_attribute("name") = name.c_str();
      p.text() = value.c_str();
    }
  };
  const auto seq = sequence();
  auto walked = [&](const std::string &id) -> const Stage * {
    return std::find(seq.begin(), seq.end(), id) != seq.end() ? find(id) : nullptr;
  };
  if (const Stage *b = walked("step:bouncer"))
    component(planet.append_child("atmosphere"), *b, {});
  auto f = planet.append_child("flow");
  f.append_attribute("name") = flow.c_str();
  const Stage *source = walked("step:source");
  std::map<std::string, std::string> raw; // medium → feed
  if (source) {
    component(f, *source, {});
    for (const auto &[name, medium] : source->contribution.feeders)
      raw[medium] = source->component + (name == "default" ? "" : ":" + name);
  }
  std::vector<std::string> encoded;
  for (const auto &[slot, medium] :
       {std::pair<std::string, std::string>{"video-encoder", "video"},
        {"audio-encoder", "audio"}})
    if (const Stage *e = walked("step:" + slot)) {
      component(f, *e, {raw[medium]});
      encoded.push_back(e->component);
    }
  const Stage *muxer = walked("step:muxer");
  if (muxer)
    component(f, *muxer, encoded);
  for (const auto &c : consumers)
    if (const Stage *s = walked("step:" + c.slot))
      component(f, *s, {muxer ? muxer->component : ""});
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
  return out.str();
}

void Wizard::load() {
  const std::string flow = choice("flow", "flow");
  env_.ask("load flow " + flow + " into the planet?", [this, flow] {
    message::AdminRequest request;
    request.verb = "load";
    request.args = {planet_xml(), "wizard flow " + flow};
    const unsigned generation = generation_;
    const bool sent =
        env_.request(request, [this, generation, flow](const message::AdminReply &reply) {
          loading_ = false;
          if (generation != generation_)
            return;
          if (reply.code == message::ReplyCode::done) {
            active_ = false;
            if (env_.done)
              env_.done("wizard: flow " + flow + " " + reply_text(reply));
          } else {
            message_ = "the manager did not load it: " + reply_text(reply);
          }
          if (env_.changed)
            env_.changed();
        });
    if (sent) {
      loading_ = true;
      message_ = "loading flow " + flow + "...";
    } else {
      message_ = "not connected to the manager; try again when it is back";
    }
  });
}

std::string Wizard::title() const {
  if (path_.empty())
    return "wizard";
  const auto seq = sequence();
  const Stage *s = find(path_.back());
  return "wizard: step " + std::to_string(path_.size()) + " of " +
         std::to_string(std::max(seq.size(), path_.size())) + ": " +
         (s ? s->title : path_.back());
}

std::vector<std::string> Wizard::lines() const {
  std::vector<std::string> out;
  if (path_.empty())
    return out;
  const Stage &s = *find(path_.back());
  if (s.id == "review") {
    out.push_back("The planet XML it will load (Enter or n loads it, asking first):");
    out.push_back("");
    std::istringstream in(planet_xml());
    for (std::string line; std::getline(in, line);)
      out.push_back("  " + line);
  } else if (!s.builtin && !s.ready) {
    out.push_back(s.failure.empty()
                      ? "fetching the wizard step of " + s.type + " from the manager..."
                      : "this step cannot be shown: " + s.failure);
  } else {
    if (!s.builtin)
      out.push_back("from bundle " + s.bundle);
    out.push_back("");
    for (std::size_t i = 0; i < s.fields.size(); ++i) {
      const auto &f = s.fields[i];
      std::string label = f.label;
      label.resize(std::max<std::size_t>(label.size() + 1, 22), ' ');
      std::string value = f.value.empty() ? "-" : f.value;
      if (f.kind == FLU_FIELD_CHOICE) {
        std::string note;
        for (std::size_t c = 0; c < f.choices.size(); ++c)
          if (f.choices[c].first == f.value) {
            note = f.choices[c].second.empty() ? "" : "  " + f.choices[c].second;
            note += "  (" + std::to_string(c + 1) + "/" +
                    std::to_string(f.choices.size()) + ")";
          }
        value = "< " + value + " >" + note;
      }
      out.push_back(std::string(i == s.selected ? "> " : "  ") + label + value);
      if (const auto w = s.waiting.find(f.name); w != s.waiting.end())
        out.push_back("      " + w->second);
      if (const auto r = s.refused.find(f.name); r != s.refused.end())
        out.push_back("      ! " + r->second);
    }
  }
  out.push_back("");
  if (!message_.empty())
    out.push_back(message_);
  return out;
}

std::string Wizard::key_bar() const {
  if (!path_.empty() && path_.back() == "review")
    return "Enter/n load (asks first)  Esc back a step";
  return "Up/Down field  Enter edit  Left/Right choose  n next  Esc back a step";
}

} // namespace flu::admin
