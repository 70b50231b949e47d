// See console.hpp. Requests are built and their replies worded by
// flu-command's library, so the console and the scriptable admin say the
// same thing for the same answer.
#include "console.hpp"

#include "admin_request.hpp"
#include "command_line.hpp"
#include "planet_model.hpp"
#include "reply_output.hpp"
#include "screen.hpp"
#include "state_output.hpp"
#include "wizard.hpp"

#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <curses.h>
#include <langinfo.h>
#include <unistd.h>

#include <clocale>
#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>

namespace flu::admin {

namespace {

using namespace std::chrono_literals;
using message::Type;

std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::vector<std::string> split_words(const std::string &text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

class Console {
public:
  explicit Console(ConsoleOptions options)
      : options_(options), session_(io_, options.session, "flu-admin"), keys_(io_),
        signals_(io_, SIGINT, SIGTERM, SIGHUP), tick_(io_), redraw_(io_),
        next_request_(std::random_device{}() | 1u),
        pages_(
            options.pages,
            [this](const std::string &frame) { return session_.send(frame); },
            [this] { schedule_draw(); }),
        wizard_(wizard_env()) {
    view_.manager = options.session.manager;
    view_.colour = options.colour;
    const char *codeset = nl_langinfo(CODESET);
    view_.utf8 = !options.ascii && codeset && std::string(codeset) == "UTF-8";
    view_.status = "connecting to the manager at " + options.session.manager + "...";
  }

  int run() {
    session_.on_logged_in([this](const message::LoginReply &) {
      model_.link = Link::connecting;
      model_.last_heard = std::chrono::steady_clock::now();
      session_.send(message::pack(message::Subscribe{}));
      schedule_draw();
    });
    session_.on_message([this](const message::Envelope &e) { on_message(e); });
    session_.on_refused([this](const std::string &why) {
      model_.link = Link::lost;
      model_.link_why = "refused: " + why;
      schedule_draw();
    });
    session_.on_lost([this](const std::string &why) {
      model_.link = Link::lost;
      model_.link_why = why;
      pages_.manager_lost();
      view_.status = "lost the manager: " + why + "; reconnecting";
      schedule_draw();
    });
    keys_.assign(::dup(STDIN_FILENO));
    wait_keys();
    signals_.async_wait([this](const boost::system::error_code &error, int) {
      if (!error)
        quit();
    });
    init_colours(view_);
    tick();
    session_.start();
    redraw();
    io_.run();
    return 0;
  }

private:
  // The requests_ entry of a page's property read (not a file to save to).
  static constexpr const char *page_properties_tag = "\x01page-properties";

  void quit() {
    session_.stop();
    io_.stop();
  }

  void schedule_draw() {
    if (draw_pending_)
      return;
    draw_pending_ = true;
    redraw_.expires_after(15ms); // a burst of deltas is one redraw
    redraw_.async_wait([this](const boost::system::error_code &error) {
      draw_pending_ = false;
      if (!error)
        redraw();
    });
  }

  // getch() also sees KEY_RESIZE, which ncurses queues on SIGWINCH; the
  // tick picks it (and the "silent Ns" clock) up without a key pressed.
  void tick() {
    tick_.expires_after(250ms);
    tick_.async_wait([this](const boost::system::error_code &error) {
      if (error)
        return;
      read_keys();
      if (++ticks_ % 4 == 0)
        schedule_draw();
      tick();
    });
  }

  void wait_keys() {
    keys_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                     [this](const boost::system::error_code &error) {
                       if (error)
                         return;
                       read_keys();
                       wait_keys();
                     });
  }

  void read_keys() {
    for (int key; (key = getch()) != ERR;)
      on_key(key);
  }

  void on_message(const message::Envelope &e) {
    const auto now = std::chrono::steady_clock::now();
    model_.last_heard = now;
    try {
      if (pages_.on_message(e))
        return;
      if (e.type == static_cast<uint16_t>(Type::state_snapshot)) {
        const auto snapshot = message::decode<message::StateSnapshot>(e.payload);
        for (const auto &c : snapshot.components)
          history_.record(c, now);
        model_.apply(snapshot);
        if (model_.link != Link::live)
          view_.status = "connected to the manager at " + options_.session.manager;
        model_.link = Link::live;
      } else if (e.type == static_cast<uint16_t>(Type::state_delta)) {
        const auto delta = message::decode<message::StateDelta>(e.payload);
        for (const auto &c : delta.components)
          history_.record(c, now);
        for (const auto &id : delta.removed_components)
          history_.forget(id);
        if (!model_.apply(delta))
          session_.send(message::pack(message::Subscribe{})); // a gap: start afresh
      } else if (e.type == static_cast<uint16_t>(Type::admin_reply)) {
        on_reply(e.request_id, message::decode<message::AdminReply>(e.payload));
      } else {
        return;
      }
    } catch (const std::exception &error) {
      view_.status = std::string("cannot read the manager's message: ") + error.what();
    }
    schedule_draw();
  }

  // The manager's answer in plain words: one line on the status line, more
  // in a box.
  void on_reply(uint32_t id, message::AdminReply reply) {
    if (const auto answer = answers_.find(id); answer != answers_.end()) {
      const auto done = std::move(answer->second); // the wizard's
      answers_.erase(answer);
      return done(reply);
    }
    const auto it = requests_.find(id);
    if (it == requests_.end())
      return;
    auto [request, save_to] = it->second;
    requests_.erase(it);
    if (save_to == page_properties_tag) { // the properties a page shows
      if (reply.code == message::ReplyCode::done &&
          request.target == view_.page_component)
        page_properties_ = std::move(reply.values);
      return;
    }
    if (!save_to.empty() && reply.code == message::ReplyCode::done) {
      std::ofstream out(save_to, std::ios::binary | std::ios::trunc);
      out << reply.text;
      view_.status =
          out.flush() ? "exported the planet to " + save_to : "cannot write " + save_to;
      return;
    }
    std::ostringstream out, err;
    command::print_reply(out, err, request, reply, false);
    std::string text = err.str().empty() ? out.str() : err.str();
    if (text.rfind("flu-command: ", 0) == 0)
      text.erase(0, 13);
    auto lines = split_lines(text);
    if (lines.size() <= 1) {
      view_.status = lines.empty() ? request.verb + ": done" : lines.front();
    } else {
      show_box(request.verb + " " + request.target, lines);
      view_.status = request.verb + ": answered";
    }
  }

  void send_request(const std::string &verb, std::vector<std::string> operands,
                    std::string save_to = "") {
    command::CommandLine line;
    line.verb = command::find_verb(verb);
    line.operands = std::move(operands);
    message::AdminRequest request;
    try {
      request = command::make_request(line);
    } catch (const std::exception &error) {
      view_.status = verb + ": " + error.what();
      return;
    }
    const uint32_t id = next_request_ += 2;
    if (!session_.send(message::pack(request, id))) {
      view_.status = verb + ": not connected to the manager; try again when it is back";
      return;
    }
    requests_[id] = {request, std::move(save_to)};
    view_.status = verb + (request.target.empty() ? "" : " " + request.target) +
                   ": asked the manager...";
  }

  void show_box(const std::string &title, std::vector<std::string> lines) {
    view_.overlay_title = title;
    view_.overlay = std::move(lines);
    view_.scroll = 0;
  }

  void redraw() {
    prepare_page();
    prepare_wizard();
    draw(model_, view_);
  }

  // The wizard's requests: sent as the console's own, answered to it.
  WizardEnv wizard_env() {
    WizardEnv env;
    env.bundle = [this](const std::string &type) -> const PageState & {
      return pages_.page(type, "");
    };
    env.request = [this](const message::AdminRequest &request,
                         std::function<void(const message::AdminReply &)> answer) {
      const uint32_t id = next_request_ += 2;
      if (!session_.send(message::pack(request, id)))
        return false;
      answers_[id] = std::move(answer);
      return true;
    };
    env.workers = [this] {
      std::vector<std::string> names;
      for (const auto &[name, w] : model_.workers)
        if (w.connected)
          names.push_back(name);
      return names;
    };
    env.flows = [this] {
      std::vector<std::string> flows;
      for (const auto &[id, c] : model_.components)
        if (id.size() > 1 && id[0] == '/')
          flows.push_back(id.substr(1, id.find('/', 1) - 1));
      return flows;
    };
    env.prompt = [this](const std::string &question,
                        std::function<void(const std::string &)> answer) {
      prompt(question, std::move(answer));
    };
    env.ask = [this](const std::string &question, std::function<void()> yes) {
      ask(question, std::move(yes));
    };
    env.changed = [this] { schedule_draw(); };
    env.done = [this](const std::string &status) {
      view_.status = status;
      schedule_draw();
    };
    return env;
  }

  void prepare_wizard() {
    if (!wizard_.active()) {
      if (!view_.key_bar.empty()) { // just closed
        view_.key_bar.clear();
        view_.overlay_title.clear();
        view_.scroll = 0;
      }
      return;
    }
    wizard_.poll();
    view_.overlay_title = wizard_.title();
    view_.overlay = wizard_.lines();
    view_.key_bar = wizard_.key_bar();
  }

  // Enter: the selected component's page; its properties are read once.
  void open_page() {
    const std::string id = selected_id();
    if (id.empty()) {
      view_.status = "no component selected";
      return;
    }
    view_.page_component = id;
    view_.scroll = 0;
    page_properties_.clear();
    message::AdminRequest request;
    request.verb = "property";
    request.target = id;
    const uint32_t rid = next_request_ += 2;
    if (session_.send(message::pack(request, rid)))
      requests_[rid] = {request, page_properties_tag};
  }

  // Lays the open page out again (each redraw: the UI state moves). The
  // generic page stands in while the page is fetched, and for good when
  // it cannot be had, with the reason.
  void prepare_page() {
    if (view_.page_component.empty())
      return;
    const auto it = model_.components.find(view_.page_component);
    if (it == model_.components.end()) {
      view_.status = view_.page_component + " is gone from the planet";
      view_.page_component.clear();
      return;
    }
    const auto &c = it->second;
    const PageState &state = pages_.page(c.type, c.version_range);
    panel_ = Panel{};
    view_.page_note.clear();
    std::string source = "generic page";
    if (state.kind == PageState::Kind::loaded) {
      std::string error;
      if (state.page->draw(c, page_properties_, panel_, error)) {
        source = "page " + state.page->id() + " from bundle " + state.bundle;
      } else {
        view_.page_note = "the page of bundle " + state.bundle + " failed: " + error;
        panel_ = generic_panel(c, page_properties_);
      }
    } else {
      if (state.kind == PageState::Kind::failed)
        view_.page_note = state.message;
      else if (state.kind == PageState::Kind::fetching)
        view_.page_note = "fetching the page of " + c.type + " from the manager...";
      panel_ = generic_panel(c, page_properties_);
    }
    view_.page_title =
        c.component_id + "  " + mood_glyph(c.mood, view_.utf8) + "  (" + source + ")";
    view_.page_lines = render_panel(panel_, history_, c.component_id, COLS - 2,
                                    view_.utf8, std::chrono::steady_clock::now());
  }

  // A page's key: invoke its method, asking for the rest first if it says.
  void page_key(const KeyBinding &k) {
    std::vector<std::string> ops{view_.page_component, k.method};
    ops.insert(ops.end(), k.args.begin(), k.args.end());
    if (k.prompt.empty())
      return send_request("invoke", ops);
    prompt(k.label + " (" + k.prompt + ")", [this, ops](const std::string &text) mutable {
      const auto words = split_words(text);
      if (words.empty())
        return;
      ops.insert(ops.end(), words.begin(), words.end());
      send_request("invoke", ops);
    });
  }

  // A click on a page's keys line (drawn from column 1) presses that key.
  void click_page_key(const MEVENT &event) {
    char line[6] = {};
    if (view_.page_component.empty() || !view_.overlay_title.empty() || event.x < 1 ||
        mvinnstr(event.y, 1, line, 5) != 5 || std::string(line) != "keys:")
      return;
    if (const KeyBinding *k = panel_.binding(key_at_column(panel_, event.x - 1)))
      page_key(*k);
  }

  std::string selected_id() const {
    if (!view_.page_component.empty())
      return view_.page_component;
    const auto ids = model_.ordered_ids();
    return view_.selected < ids.size() ? ids[view_.selected] : "";
  }

  void ask(const std::string &question, std::function<void()> yes) {
    view_.prompt = question + " (y/n) ";
    view_.input.clear();
    on_answer_ = [yes](const std::string &answer) {
      if (answer == "y")
        yes();
    };
    answer_is_key_ = true;
  }

  void prompt(const std::string &question, std::function<void(const std::string &)> enter,
              std::string preset = "") {
    view_.prompt = question + ": ";
    view_.input = std::move(preset);
    on_answer_ = std::move(enter);
    answer_is_key_ = false;
  }

  // A request on the selected component; `confirm` asks first.
  void on_selected(const std::string &verb, bool confirm) {
    const std::string id = selected_id();
    if (id.empty()) {
      view_.status = "no component selected";
      return;
    }
    if (!confirm)
      return send_request(verb, {id});
    ask(verb + " " + id + "?", [this, verb, id] { send_request(verb, {id}); });
  }

  void on_prompt_key(int key) {
    if (answer_is_key_) {
      const auto answer = on_answer_;
      view_.prompt.clear();
      if (answer)
        answer(key == 'y' || key == 'Y' ? "y" : "n");
      if (key != 'y' && key != 'Y')
        view_.status = "cancelled";
      return;
    }
    if (key == 27) {
      view_.prompt.clear();
      view_.status = "cancelled";
    } else if (key == '\n' || key == KEY_ENTER || key == '\r') {
      const auto answer = on_answer_;
      const std::string input = view_.input;
      view_.prompt.clear();
      if (answer)
        answer(input);
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
      if (!view_.input.empty())
        view_.input.pop_back();
    } else if (key >= 32 && key < 256) {
      view_.input += static_cast<char>(key);
    }
  }

  void move_selection(long by) {
    const long n = static_cast<long>(model_.components.size());
    if (view_.tab != Tab::planet || !view_.overlay_title.empty() ||
        !view_.page_component.empty()) {
      view_.scroll = static_cast<std::size_t>(std::max(0L, long(view_.scroll) + by));
      return;
    }
    if (n == 0)
      return;
    view_.selected = static_cast<std::size_t>(
        std::clamp(static_cast<long>(view_.selected) + by, 0L, n - 1));
    if (view_.scroll > view_.selected)
      view_.scroll = view_.selected;
  }

  void details() {
    const std::string id = selected_id();
    if (id.empty())
      return;
    message::StateSnapshot snapshot;
    snapshot.planet = model_.planet;
    snapshot.components.push_back(model_.components.at(id));
    std::ostringstream out;
    command::print_status(out, snapshot, id, false);
    show_box(id, split_lines(out.str()));
  }

  void on_key(int key) {
    if (key == KEY_RESIZE) {
      schedule_draw();
      return;
    }
    schedule_draw();
    if (!view_.prompt.empty())
      return on_prompt_key(key);
    if (wizard_.active())
      return wizard_.key(key);
    if (!view_.page_component.empty() && view_.overlay_title.empty()) {
      if (key == 27) {
        view_.page_component.clear();
        view_.scroll = 0;
        return;
      }
      if (key == 'd' || key == '\n' || key == '\r' || key == KEY_ENTER)
        return details();
      if (const KeyBinding *k = panel_.binding(key))
        return page_key(*k);
    }
    switch (key) {
    case 'q':
    case 'Q':
      return quit();
    case 27:
      view_.overlay_title.clear();
      view_.scroll = 0;
      return;
    case '?':
      return show_box("help", help_lines());
    case '1':
    case '2':
    case '3':
      view_.overlay_title.clear();
      view_.page_component.clear();
      view_.tab = static_cast<Tab>(key - '1');
      view_.scroll = 0;
      return;
    case KEY_UP:
      return move_selection(-1);
    case KEY_DOWN:
      return move_selection(1);
    case KEY_PPAGE:
      return move_selection(-(LINES - 5));
    case KEY_NPAGE:
      return move_selection(LINES - 5);
    case KEY_HOME:
      return move_selection(-1000000);
    case KEY_END:
      return move_selection(1000000);
    case KEY_MOUSE: {
      MEVENT event;
      if (getmouse(&event) == OK) {
        if (event.bstate & BUTTON4_PRESSED)
          move_selection(-3);
        else if (event.bstate & BUTTON5_PRESSED)
          move_selection(3);
        else if (event.bstate & BUTTON1_CLICKED)
          click_page_key(event);
      }
      return;
    }
    case '\n':
    case '\r':
    case KEY_ENTER:
      return open_page();
    case 'f':
      view_.note_level = view_.note_level == 1 ? 2 : view_.note_level == 2 ? 3 : 1;
      return;
    case 's':
      return on_selected("start", false);
    case 't':
      return on_selected("stop", true);
    case 'r':
      return on_selected("restart", true);
    case 'D':
      return on_selected("delete", true);
    case 'u': {
      const std::string id = selected_id();
      if (id.empty())
        return;
      return prompt("upgrade " + id + " to version (empty: newest allowed)",
                    [this, id](const std::string &version) {
                      std::vector<std::string> ops{id};
                      if (!version.empty())
                        ops.push_back(version);
                      ask("upgrade " + id + (version.empty() ? "" : " to " + version) +
                              "?",
                          [this, ops] { send_request("upgrade", ops); });
                    });
    }
    case 'p': {
      const std::string id = selected_id();
      if (!id.empty())
        prompt("property of " + id, [this, id](const std::string &name) {
          send_request("property", {id, name});
        });
      return;
    }
    case 'i': {
      const std::string id = selected_id();
      if (!id.empty())
        prompt("invoke on " + id + ": METHOD [ARG...]",
               [this, id](const std::string &text) {
                 auto ops = split_words(text);
                 if (ops.empty())
                   return;
                 ops.insert(ops.begin(), id);
                 send_request("invoke", ops);
               });
      return;
    }
    case 'w':
      view_.page_component.clear();
      view_.scroll = 0;
      return wizard_.open();
    case 'l':
      return prompt("load flow file", [this](const std::string &path) {
        if (!path.empty())
          send_request("load", {path});
      });
    case 'e':
      return prompt("export the planet to file", [this](const std::string &path) {
        if (!path.empty())
          send_request("export", {}, path);
      });
    case 'k':
      return prompt(
          "keycards of bouncer",
          [this](const std::string &bouncer) {
            send_request("keycards", bouncer.empty() ? std::vector<std::string>{}
                                                     : std::vector<std::string>{bouncer});
          },
          "manager");
    case 'x':
      return prompt("expire keycard: BOUNCER KEYCARD-ID",
                    [this](const std::string &text) {
                      const auto ops = split_words(text);
                      if (ops.size() != 2) {
                        view_.status = "expire needs a bouncer and a keycard id";
                        return;
                      }
                      ask("expire keycard " + ops[1] + " of " + ops[0] + "?",
                          [this, ops] { send_request("expire", ops); });
                    });
    default:
      return;
    }
  }

  ConsoleOptions options_;
  boost::asio::io_context io_;
  session::PeerSession session_;
  boost::asio::posix::stream_descriptor keys_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer tick_, redraw_;
  bool draw_pending_ = false;
  unsigned ticks_ = 0;
  uint32_t next_request_;
  std::map<uint32_t, std::pair<message::AdminRequest, std::string>> requests_;
  std::function<void(const std::string &)> on_answer_;
  bool answer_is_key_ = false;
  PlanetModel model_;
  View view_;
  PageFetcher pages_;
  History history_;
  Panel panel_; // the open page as last described
  message::Values page_properties_;
  std::map<uint32_t, std::function<void(const message::AdminReply &)>> answers_;
  Wizard wizard_;
};

} // namespace

int run_console(ConsoleOptions options) {
  std::setlocale(LC_ALL, "");
  initscr();
  cbreak(); // Ctrl-C stays a signal, which ends the console cleanly
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(25);
  if (options.mouse)
    mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED | BUTTON1_CLICKED, nullptr);
  int code = 0;
  {
    Console console(options);
    code = console.run();
  }
  endwin();
  return code;
}

} // namespace flu::admin
