// Whether text holds part: the check most tests make on an error message or
// a screen.
#pragma once

#include <string>

namespace flu::test {

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace flu::test
