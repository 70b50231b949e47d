// Standalone mode's console: its commands in, its lines out (see
// standalone_console.hpp).
#include "standalone_console.hpp"

#include <boost/asio/read_until.hpp>

#include <iostream>
#include <istream>
#include <sstream>

#include <unistd.h>

namespace flu::job {

StandaloneConsole::StandaloneConsole(boost::asio::io_context &io, Command command)
    : input_(io), command_(std::move(command)) {
  const int fd = ::dup(STDIN_FILENO);
  if (fd < 0)
    return;
  boost::system::error_code ec;
  input_.assign(fd, ec);
  if (ec) {
    ::close(fd);
    return;
  }
  // epoll refuses regular files (and /dev/null): no commands, not an error.
  input_.non_blocking(true, ec);
  read();
}

StandaloneConsole::~StandaloneConsole() {
  *alive_ = false;
  boost::system::error_code ignored;
  input_.close(ignored);
}

void StandaloneConsole::read() {
  boost::asio::async_read_until(
      input_, buffer_, '\n',
      [this, alive = alive_](const boost::system::error_code &ec, std::size_t) {
        if (ec || !*alive)
          return; // end of input, or closed at the end of the job
        std::istream in(&buffer_);
        std::string line;
        std::getline(in, line);
        std::istringstream words_in(line);
        std::vector<std::string> words;
        for (std::string word; words_in >> word;)
          words.push_back(word);
        if (!words.empty()) {
          const Command command = command_; // outlives a console the command ends
          command(words);
        }
        if (*alive)
          read();
      });
}

void ConsoleOutput::print(const std::string &line) { std::cout << line << std::endl; }

void ConsoleOutput::mood(const std::string &, Mood mood) {
  print(std::string("mood: ") + to_string(mood));
}

void ConsoleOutput::note(const std::string &, const message::Note &note,
                         const std::string &text) {
  print("note: " + std::to_string(static_cast<int>(note.level)) + " " + note.id + ": " +
        text);
}

void ConsoleOutput::ui_changes(const std::string &, message::Values changes) {
  for (const auto &[key, values] : changes)
    print("ui: " + key + "=" + (values.empty() ? std::string() : values.front()));
}

} // namespace flu::job
