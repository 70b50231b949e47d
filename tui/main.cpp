// flu-admin: the operator's ncurses console (Flumotion's admin). On the
// manager's machine it needs no options; elsewhere it takes flu-command's
// (--manager, --manager-key, --username, --password-file, --token-file).
#include "console.hpp"

#include "i18n/translate.hpp"
#include "session/credentials.hpp"

#include <curses.h>

#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>

namespace {

// A crash must not leave the terminal raw: restore it, then die as before.
void restore_and_die(int sig) {
  endwin();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

const char *usage =
    "usage: flu-admin [OPTIONS]\n"
    "The operator's console of a flu manager: the planet, its workers and\n"
    "messages, live; start, stop, restart, delete, invoke, load, export,\n"
    "upgrade and keycards from the keyboard ('?' inside for the keys).\n\n"
    "  --ascii        ASCII glyphs only (the default when the locale is not UTF-8)\n"
    "  --no-colour    moods as glyph and word only\n"
    "  --no-mouse     do not ask the terminal for mouse events\n"
    "  --cache DIR    where component pages' bundles are kept (default\n"
    "                 ~/.cache/flu/admin)\n"
    "  --trusted-keys DIR  release keys (*.pub) page bundles must be signed with\n"
    "                 (repeatable; default, as a worker's: share/flu/trusted-keys\n"
    "                 beside the executable and ~/.config/flu/trusted-keys)\n";

} // namespace

int main(int argc, char **argv) {
  ::setenv("FLU_DEBUG", "1", 0); // log lines would scribble on the screen
  flu::i18n::init_translations();
  flu::admin::ConsoleOptions options;
  options.session.role = flu::message::PeerRole::admin;
  options.session.name = "flu-admin";
  options.session.max_backoff_ms = 5000; // an operator is watching
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto next = [&]() -> std::string {
      if (i + 1 >= args.size())
        throw std::runtime_error(args[i] + " needs a value");
      return args[++i];
    };
    try {
      if (args[i] == "--help" || args[i] == "-h") {
        std::cout << usage << "\n" << flu::session::peer_options_help();
        return 0;
      } else if (args[i] == "--ascii") {
        options.ascii = true;
      } else if (args[i] == "--no-colour" || args[i] == "--no-color") {
        options.colour = false;
      } else if (args[i] == "--no-mouse") {
        options.mouse = false;
      } else if (args[i] == "--cache") {
        options.pages.cache = next();
      } else if (args[i] == "--trusted-keys") {
        options.pages.trusted_keys.push_back(next());
      } else if (!flu::session::peer_option(args[i], next, options.session)) {
        std::cerr << "flu-admin: unknown option " << args[i] << "\n" << usage;
        return 2;
      }
    } catch (const std::exception &error) {
      std::cerr << "flu-admin: " << error.what() << "\n";
      return 2;
    }
  }
  try {
    flu::session::complete_from_local_manager(options.session);
    flu::admin::default_page_options(options.pages);
  } catch (const std::exception &error) {
    std::cerr << "flu-admin: " << error.what() << "\n";
    return 1;
  }
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
    std::signal(sig, restore_and_die);
  std::set_terminate([] {
    endwin();
    std::abort();
  });
  return flu::admin::run_console(std::move(options));
}
