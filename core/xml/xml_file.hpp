// An XML file parsed together with its text, so that every error can name the
// file and the line, as operators expect from a config file.
//
// pugixml reports byte offsets (parse errors, node positions); this keeps the
// text to turn them into line numbers. Shared by the manifest reader and the
// planet parser, which each throw their own error type with the result.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flu::xml {

class XmlFile {
public:
  // Parses `text`; `name` is what errors call the file (usually its path).
  XmlFile(std::string text, std::string name);

  // Reads a whole file; nullopt and `error` set when it cannot be read.
  static std::optional<std::string> read_text(const std::filesystem::path &path,
                                              std::string &error);

  const std::string &name() const { return name_; }
  const pugi::xml_document &document() const { return document_; }

  bool parsed() const { return static_cast<bool>(result_); }
  std::string parse_error() const { return result_.description(); }
  int parse_error_line() const { return line_at(result_.offset); }

  // 1-based line of a byte offset or of a node's start; 0 when unknown.
  // For text, the line of its first non-blank character, where a reader's
  // eye would find it.
  int line_at(std::ptrdiff_t offset) const;
  int line_of(const pugi::xml_node &node) const;

private:
  std::string text_;
  std::string name_;
  std::vector<std::size_t> line_starts_;
  pugi::xml_document document_;
  pugi::xml_parse_result result_;
};

// The first attribute of `node` not in `allowed`, or an empty attribute.
pugi::xml_attribute unknown_attribute(const pugi::xml_node &node,
                                      std::initializer_list<std::string_view> allowed);

// The text content of an element (all text and CDATA children, joined).
// `has_elements` tells whether element children were found among it.
std::string text_of(const pugi::xml_node &node, bool &has_elements);

// True for text made only of whitespace (stray text between elements).
bool is_blank(std::string_view text);

// "FILE:LINE: message", or "FILE: message" when the line is unknown.
std::string located(const std::string &file, int line, const std::string &message);

} // namespace flu::xml
