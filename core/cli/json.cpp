// JSON output; see json.hpp.
#include "cli/json.hpp"

#include <cstdio>

namespace flu::cli {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 if it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  uint32_t min = 0, code = 0;
  if (lead >= 0xc2 && lead <= 0xdf)
    length = 2, min = 0x80, code = lead & 0x1f;
  else if (lead >= 0xe0 && lead <= 0xef)
    length = 3, min = 0x800, code = lead & 0x0f;
  else if (lead >= 0xf0 && lead <= 0xf4)
    length = 4, min = 0x10000, code = lead & 0x07;
  else
    return 0;
  if (i + length > text.size())
    return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80)
      return 0;
    code = (code << 6) | (byte(i + k) & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
    return 0;
  return length;
}

} // namespace

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
    } else if (std::size_t length = utf8_length(text, i)) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\\ufffd";
      ++i;
    }
  }
  return out + "\"";
}

void Json::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!filled_.empty()) {
    if (filled_.back())
      out_ << ',';
    filled_.back() = true;
  }
}

Json &Json::begin_object() {
  separate();
  out_ << '{';
  filled_.push_back(false);
  return *this;
}

Json &Json::end_object() {
  out_ << '}';
  filled_.pop_back();
  return *this;
}

Json &Json::begin_array() {
  separate();
  out_ << '[';
  filled_.push_back(false);
  return *this;
}

Json &Json::end_array() {
  out_ << ']';
  filled_.pop_back();
  return *this;
}

Json &Json::key(std::string_view name) {
  separate();
  out_ << json_string(name) << ':';
  after_key_ = true;
  return *this;
}

Json &Json::value(std::string_view text) {
  separate();
  out_ << json_string(text);
  return *this;
}

Json &Json::number(int64_t number) {
  separate();
  out_ << number;
  return *this;
}

Json &Json::boolean(bool flag) {
  separate();
  out_ << (flag ? "true" : "false");
  return *this;
}

Json &Json::null() {
  separate();
  out_ << "null";
  return *this;
}

Json &Json::strings(const std::vector<std::string> &texts) {
  begin_array();
  for (const auto &text : texts)
    value(text);
  return end_array();
}

} // namespace flu::cli
