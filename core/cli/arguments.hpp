// Walking a command line, for flu's executables:
//
//   for (flu::cli::Arguments args(argc, argv); args.next();)
//     if (args.is("--port")) port = std::stoi(args.value());
//
// value() takes the word after the current option and throws
// std::invalid_argument("--port needs a value") when there is none.
#pragma once

#include <stdexcept>
#include <string>

namespace flu::cli {

class Arguments {
public:
  Arguments(int argc, char **argv) : argc_(argc), argv_(argv) {}

  bool next() {
    if (++index_ >= argc_)
      return false;
    current_ = argv_[index_];
    return true;
  }
  const std::string &current() const { return current_; }
  bool is(const char *option) const { return current_ == option; }
  std::string value() {
    if (index_ + 1 >= argc_)
      throw std::invalid_argument(current_ + " needs a value");
    return argv_[++index_];
  }

private:
  int argc_;
  char **argv_;
  int index_ = 0;
  std::string current_;
};

} // namespace flu::cli
