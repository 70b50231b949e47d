// The review: the planet XML the wizard's choices make (pugixml), loading
// it with the AdminRequest `flu-command load` sends, and the lines the
// console draws. See wizard.hpp.
#include "wizard_stage.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>

namespace flu::admin {

// The wiring follows the roles: encoders eat the source's feed of their
// medium (video through the converter when there is one), the muxer the
// encoders, consumers the muxer; the bouncer sits in the atmosphere.
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
  std::map<std::string, std::string> raw; // medium → feed
  if (const Stage *source = walked("step:source")) {
    component(f, *source, {});
    for (const auto &[name, medium] : source->contribution.feeders)
      raw[medium] = source->component + (name == "default" ? "" : ":" + name);
  }
  if (const Stage *converter = walked("step:video-converter")) {
    component(f, *converter, {raw["video"]});
    raw["video"] = converter->component;
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
  for (const auto &id : seq)
    if (id.rfind(consumer_prefix, 0) == 0)
      if (const Stage *s = find(id))
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
    else if (s.id != "flow" && catalogue_.state == WizardCatalogue::State::asking)
      out.push_back("asking the manager which wizard steps its bundles ship...");
    else if (s.id != "flow" && (catalogue_.state == WizardCatalogue::State::failed ||
                                catalogue_.state == WizardCatalogue::State::unsent))
      out.push_back("this step cannot be shown: " + catalogue_.failure);
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
