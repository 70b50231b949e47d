// Just enough JSON for flu-command's --json output: strings escaped per
// RFC 8259 and a writer that places the commas. Output is compact (one
// object per line for `watch`), keys in the order written.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace flu::cli {

// `text` as a JSON string literal, quotes included. Control characters are
// escaped; bytes that are not valid UTF-8 become U+FFFD, so that the output
// always parses whatever a component put in a message.
std::string json_string(std::string_view text);

// Writes one JSON value to a stream, e.g.
//   Json j(out); j.begin_object(); j.key("id").value("/a/b"); j.end_object();
class Json {
public:
  explicit Json(std::ostream &out) : out_(out) {}

  Json &begin_object();
  Json &end_object();
  Json &begin_array();
  Json &end_array();
  Json &key(std::string_view name);
  Json &value(std::string_view text);
  Json &value(const char *text) { return value(std::string_view(text)); }
  Json &value(const std::string &text) { return value(std::string_view(text)); }
  Json &number(int64_t number);
  Json &boolean(bool flag);
  Json &null();
  // ["a","b"]
  Json &strings(const std::vector<std::string> &texts);

private:
  void separate();

  std::ostream &out_;
  // Per open container: whether it holds a value yet.
  std::vector<bool> filled_;
  bool after_key_ = false;
};

} // namespace flu::cli
