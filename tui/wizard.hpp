// flu-admin's wizard: builds a new flow step by step, as Flumotion's
// configuration wizard did (docs/admin.md "Wizard"): a worker, a source
// from what that worker really has, encodings, consumers, an optional
// bouncer, the planet XML to review, then the same AdminRequest `flu-command
// load` sends. The steps that configure a component come from that type's
// bundle (<flu/wizard_step.h>), fetched when the choice before calls for
// it; the wizard's own steps (worker, which source, which encodings, which
// consumers) only choose among the steps the manager's bundles ship (its
// `types` answer, wizard_catalogue.hpp). No ncurses here: the console feeds
// keys in and draws lines out, and nothing here waits on the network.
//
// wizard.cpp walks the steps, wizard_fields.cpp fills and judges their
// fields, wizard_review.cpp writes the planet XML, loads it and draws.
#pragma once

#include "page_fetcher.hpp"
#include "wizard_catalogue.hpp"
#include "wizard_step_library.hpp"

#include "message/messages.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flu::admin {

struct WizardEnv {
  // The type's bundle as the page fetcher has it (fetching it the first time).
  std::function<const PageState &(const std::string &type)> bundle;
  // Sends a request; `answer` gets the manager's reply. False: not connected.
  std::function<bool(const message::AdminRequest &,
                     std::function<void(const message::AdminReply &)> answer)>
      request;
  std::function<std::vector<std::string>()> workers; // from the replicated state
  std::function<std::vector<std::string>()> flows;   // the planet's flows
  // The console's input line; `keep` is the value an empty answer keeps.
  std::function<void(const std::string &question,
                     std::function<void(const std::string &)>)>
      prompt;
  std::function<void(const std::string &question, std::function<void()> yes)> ask;
  std::function<void()> changed;                 // redraw
  std::function<void(const std::string &)> done; // closed with this for the status line
};

class Wizard {
public:
  explicit Wizard(WizardEnv env);
  ~Wizard();

  bool active() const { return active_; }
  void open();
  void key(int key); // an ncurses key code
  // Before each redraw: picks up bundles that arrived.
  void poll();

  std::string title() const;
  std::vector<std::string> lines() const;
  std::string key_bar() const;
  // The planet XML the wizard would load now (the review's text).
  std::string planet_xml() const;

  struct Stage; // wizard_stage.hpp

private:
  Stage &stage(const std::string &id);
  Stage &current() { return stage(path_.back()); }
  const Stage *find(const std::string &id) const;
  std::vector<std::string> sequence() const;
  void ask_catalogue();
  void enter(const std::string &id);
  void builtin_fields(Stage &s);
  void encoding_fields(Stage &s);
  void consumer_fields(Stage &s);
  std::string step_type(const std::string &id) const;
  std::string step_component(const std::string &id) const;
  bool source_offers(const std::string &medium) const;
  void contribute_all();
  void back();
  void next();
  void finish_step(Stage &s);
  void edit(Stage &s, StepField &f);
  void cycle(StepField &f, int by);
  void changed_field(Stage &s);
  void ask_choices(Stage &s);
  StepValues values(const Stage &s) const;
  StepValues context(const Stage &s) const;
  bool local_checks(Stage &s);
  void load();
  std::string choice(const std::string &stage, const std::string &field) const;
  std::vector<std::string> chosen_consumers() const;

  WizardEnv env_;
  WizardCatalogue catalogue_;
  bool active_ = false;
  std::map<std::string, std::unique_ptr<Stage>> stages_;
  std::vector<std::string> path_; // the stages walked to the current one
  std::string message_;           // under the form: refusals, progress
  unsigned generation_ = 0;       // answers for an older state are dropped
  int pending_ = 0;               // checks of the current step under way
  bool loading_ = false;
};

} // namespace flu::admin
