// Reading back an access log in Apache's combined format plus the seconds
// connected (flu::sdk::AccessLog), as a log analyser would: each line must
// match, and its fields are the regex's groups:
//   1 address, 2 time, 3 request line, 4 status, 5 bytes, 6 referer,
//   7 user agent, 8 seconds connected.
#pragma once

#include <boost/test/unit_test.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace flu::test {

inline const std::regex &combined_log_line() {
  static const std::regex line(
      R"re(^(\S+) \S+ \S+ \[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] )re"
      R"re("([^"\\]*(?:\\.[^"\\]*)*)" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)" (\d+)$)re");
  return line;
}

// The lines of `text`, each checked against the format; `store` keeps the
// strings the matches point into.
inline std::vector<std::smatch> combined_log_lines(const std::string &text,
                                                   std::vector<std::string> &store) {
  store.clear();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    store.push_back(line);
  std::vector<std::smatch> out;
  for (const auto &line : store) {
    std::smatch m;
    BOOST_TEST(std::regex_match(line, m, combined_log_line()), line);
    out.push_back(m);
  }
  return out;
}

} // namespace flu::test
