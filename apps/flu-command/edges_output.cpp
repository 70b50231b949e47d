// flu-command edges (see edges_output.hpp).
#include "edges_output.hpp"

#include "cli/json.hpp"

#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace flu::command {
namespace {

std::string ui(const message::ComponentStatus &c, const std::string &key,
               const std::string &fallback = "-") {
  for (const auto &[name, values] : c.ui)
    if (name == key && !values.empty())
      return values.front();
  return fallback;
}

// "http://host:port/path?query" → "/path".
std::string stream_of(const std::string &url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos)
    return "/";
  return url.substr(path, url.find('?', path) - path);
}

std::optional<double> number(const std::string &text) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    return used == text.size() ? std::optional(v) : std::nullopt;
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

// viewers / client-limit, as a whole percent; "-" when either is unknown.
std::string load(const message::ComponentStatus &c) {
  const auto viewers = number(ui(c, "viewers"));
  const auto limit = number(ui(c, "client-limit"));
  if (!viewers || !limit || *limit <= 0)
    return "-";
  return std::to_string(static_cast<long>(*viewers * 100 / *limit + 0.5)) + "%";
}

} // namespace

void print_edges(std::ostream &out, const message::StateSnapshot &s, bool json) {
  std::map<std::string, std::vector<const message::ComponentStatus *>> streams;
  for (const auto &c : s.components) {
    const std::string url = ui(c, "url", "");
    if (!url.empty())
      streams[stream_of(url)].push_back(&c);
  }
  if (json) {
    cli::Json writer(out);
    writer.begin_object();
    writer.key("planet").value(s.planet);
    writer.key("streams").begin_object();
    for (const auto &[stream, list] : streams) {
      writer.key(stream).begin_array();
      for (const auto *c : list) {
        writer.begin_object();
        writer.key("id").value(c->component_id);
        writer.key("mood").value(to_string(c->mood));
        writer.key("worker").value(c->worker);
        writer.key("url").value(ui(*c, "url"));
        writer.key("viewers").value(ui(*c, "viewers"));
        writer.key("client-limit").value(ui(*c, "client-limit"));
        writer.key("load").value(load(*c));
        writer.key("cpu-percent").value(ui(*c, "cpu-percent"));
        writer.key("bitrate").value(ui(*c, "bitrate"));
        writer.key("draining").value(ui(*c, "draining", "no"));
        writer.end_object();
      }
      writer.end_array();
    }
    writer.end_object();
    writer.end_object();
    out << "\n";
    return;
  }
  if (streams.empty()) {
    out << "no streamer publishes a URL\n";
    return;
  }
  for (const auto &[stream, list] : streams) {
    out << "STREAM " << stream << "\n";
    out << std::left << "  " << std::setw(24) << "COMPONENT" << std::setw(9) << "MOOD"
        << std::setw(12) << "WORKER" << std::setw(12) << "VIEWERS" << std::setw(7)
        << "LOAD" << std::setw(7) << "CPU%"
        << "URL\n";
    for (const auto *c : list) {
      out << "  " << std::setw(24) << c->component_id << std::setw(9)
          << to_string(c->mood) << std::setw(12) << c->worker << std::setw(12)
          << ui(*c, "viewers") + "/" + ui(*c, "client-limit") << std::setw(7) << load(*c)
          << std::setw(7) << ui(*c, "cpu-percent") << ui(*c, "url")
          << (ui(*c, "draining", "no") == "yes" ? "  draining" : "") << "\n";
    }
  }
}

} // namespace flu::command
