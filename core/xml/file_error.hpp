// An error in a file an operator or a release engineer wrote (a planet, a
// module manifest): it names the file and the line, as a compiler does.
// The parsers derive their own error types from it, so a caller can still
// tell a bad planet from a bad manifest.
#pragma once

#include <stdexcept>
#include <string>

namespace flu::xml {

// what() is "FILE:LINE: message" ("FILE: message" when no line applies).
class FileError : public std::runtime_error {
public:
  FileError(std::string file, int line, std::string message);

  const std::string &file() const { return file_; }
  int line() const { return line_; } // 0 when no line applies
  const std::string &message() const { return message_; }

private:
  std::string file_;
  int line_;
  std::string message_;
};

} // namespace flu::xml
