// See xml_file.hpp: XML parsing that keeps line numbers for error messages.
#include "xml/xml_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace flu::xml {

XmlFile::XmlFile(std::string text, std::string name)
    : text_(std::move(text)), name_(std::move(name)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n')
      line_starts_.push_back(i + 1);
  // No parse_declaration/parse_comments: neither carries configuration, and
  // leaving them out keeps element iteration free of node types to skip.
  result_ = document_.load_buffer(text_.data(), text_.size(), pugi::parse_default,
                                  pugi::encoding_utf8);
}

std::optional<std::string> XmlFile::read_text(const std::filesystem::path &path,
                                              std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  return std::move(buffer).str();
}

int XmlFile::line_at(std::ptrdiff_t offset) const {
  if (offset < 0)
    return 0;
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(),
                                static_cast<std::size_t>(offset));
  return static_cast<int>(after - line_starts_.begin());
}

int XmlFile::line_of(const pugi::xml_node &node) const {
  std::ptrdiff_t offset = node.offset_debug();
  if (offset >= 0 && node.type() == pugi::node_pcdata) {
    std::string_view value = node.value();
    auto first = value.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos)
      offset += static_cast<std::ptrdiff_t>(first);
  }
  return line_at(offset);
}

pugi::xml_attribute unknown_attribute(const pugi::xml_node &node,
                                      std::initializer_list<std::string_view> allowed) {
  for (auto attribute : node.attributes())
    if (std::find(allowed.begin(), allowed.end(), attribute.name()) == allowed.end())
      return attribute;
  return {};
}

std::string text_of(const pugi::xml_node &node, bool &has_elements) {
  std::string text;
  has_elements = false;
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      text += child.value();
    else if (child.type() == pugi::node_element)
      has_elements = true;
  }
  return text;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
}

std::string located(const std::string &file, int line, const std::string &message) {
  if (line <= 0)
    return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

} // namespace flu::xml
