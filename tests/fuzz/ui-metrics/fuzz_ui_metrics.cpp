// A component's UI state as metrics: a job publishes any key and value
// (everything up to the first newline is the key, the rest its value).
// Never a crash, and every line of the exposition is one the text format
// allows: a HELP or TYPE comment, or NAME{LABEL="VALUE",...} NUMBER with
// the values escaped, so what a module publishes cannot break a scrape.
#include "../fuzz_target.hpp"

#include "metrics/exposition.hpp"
#include "metrics/ui_metrics.hpp"

#include <sstream>

using namespace flu::metrics;

namespace {

// One sample line: a metric name, labels, a space, a value without blanks.
bool sample_line(const std::string &line) {
  size_t i = 0;
  while (i < line.size() && line[i] != '{' && line[i] != ' ')
    ++i;
  if (!valid_metric_name(line.substr(0, i)) || i == line.size())
    return false;
  if (line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      const size_t eq = line.find("=\"", i);
      if (eq == std::string::npos || !valid_label_name(line.substr(i, eq - i)))
        return false;
      i = eq + 2;
      for (; i < line.size() && line[i] != '"'; ++i)
        if (line[i] == '\\' && (++i == line.size() ||
                                std::string("\\\"n").find(line[i]) == std::string::npos))
          return false;
      if (i == line.size())
        return false;
      ++i;
      if (i < line.size() && line[i] == ',')
        ++i;
    }
    if (i == line.size())
      return false;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ')
    return false;
  const std::string value = line.substr(i + 1);
  return !value.empty() && value.find_first_of(" \t") == std::string::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(flu::fuzz::bytes(data, size));
  const auto nl = text.find('\n');
  const std::string key = text.substr(0, nl);
  const std::string value = nl == std::string::npos ? "" : text.substr(nl + 1);
  Exposition out;
  add_ui_entry(out, {{"flow", "f"}, {"component", key}}, key, {value});
  std::istringstream lines(out.text());
  for (std::string line; std::getline(lines, line);)
    FUZZ_CHECK(line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0 ||
               sample_line(line));
  return 0;
}
