// The text exposition format: see exposition.hpp.
#include "metrics/exposition.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace flu::metrics {
namespace {

bool name_char(char c, bool first, bool colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
    return true;
  if (c == ':')
    return colon;
  return !first && c >= '0' && c <= '9';
}

bool valid_name(const std::string &name, bool colon) {
  if (name.empty())
    return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (!name_char(name[i], i == 0, colon))
      return false;
  return true;
}

// HELP text: backslash and newline escaped.
std::string escape_help(const std::string &text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

} // namespace

bool valid_metric_name(const std::string &name) { return valid_name(name, true); }

bool valid_label_name(const std::string &name) {
  return valid_name(name, false) && name.rfind("__", 0) != 0;
}

namespace {

// The length of the valid UTF-8 sequence at text[i], 0 when there is none
// (overlong forms, surrogates and code points past U+10FFFF included).
size_t utf8_length(const std::string &text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80)
    return 1;
  size_t n = 0;
  unsigned char low = 0x80, high = 0xbf; // the second byte's range
  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    low = c == 0xe0 ? 0xa0 : 0x80;
    high = c == 0xed ? 0x9f : 0xbf;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    low = c == 0xf0 ? 0x90 : 0x80;
    high = c == 0xf4 ? 0x8f : 0xbf;
  } else
    return 0;
  if (i + n > text.size() || byte(i + 1) < low || byte(i + 1) > high)
    return 0;
  for (size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf)
      return 0;
  return n;
}

} // namespace

std::string escape_label_value(const std::string &value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    // The format is UTF-8: what a module published in another encoding
    // shows as U+FFFD rather than making the whole scrape unreadable.
    const size_t n = utf8_length(value, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(value, i, n);
      i += n;
      continue;
    }
    const char c = value[i++];
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value))
    return "NaN";
  if (std::isinf(value))
    return value > 0 ? "+Inf" : "-Inf";
  char text[64];
  // Whole numbers as integers ("400000", not "4e+05"): what people grep for.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    const auto end =
        std::to_chars(text, text + sizeof text, static_cast<long long>(value));
    return std::string(text, end.ptr);
  }
  const auto end = std::to_chars(text, text + sizeof text, value);
  return std::string(text, end.ptr);
}

void Family::add(const Labels &labels, double value) {
  samples_ += name_;
  if (!labels.empty()) {
    samples_ += '{';
    bool first = true;
    for (const auto &[key, text] : labels) {
      if (!valid_label_name(key))
        throw std::invalid_argument("not a Prometheus label name: " + key);
      if (!first)
        samples_ += ',';
      first = false;
      samples_ += key;
      samples_ += "=\"";
      samples_ += escape_label_value(text);
      samples_ += '"';
    }
    samples_ += '}';
  }
  samples_ += ' ';
  samples_ += format_value(value);
  samples_ += '\n';
}

Family &Exposition::family(const std::string &name, const std::string &help,
                           MetricType type) {
  if (!valid_metric_name(name))
    throw std::invalid_argument("not a Prometheus metric name: " + name);
  auto [it, added] = families_.try_emplace(name, help, type);
  if (added)
    it->second.name(name);
  return it->second;
}

std::string Exposition::text() const {
  std::string out;
  for (const auto &[name, family] : families_) {
    if (family.empty())
      continue;
    out += "# HELP " + name + " " + escape_help(family.help()) + "\n";
    out += "# TYPE " + name + " " +
           (family.type() == MetricType::counter ? "counter" : "gauge") + "\n";
    out += family.samples();
  }
  return out;
}

} // namespace flu::metrics
