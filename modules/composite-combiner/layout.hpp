// Where each input of a composite goes: position, size, z-order and alpha,
// as Flumotion's composite-combiner named them. An input is written as
// space-separated KEY=VALUE words ("position-left=10 position-top=10
// width=160 height=120 z-order=1 alpha=0.8"); the i-th `input` property
// places the i-th feed of the eater.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace flu::modules {

struct InputPlace {
  std::optional<int> left, top, width, height, zorder;
  std::optional<double> alpha;
};

// Throws std::runtime_error naming `where` and the word that is wrong.
InputPlace parse_place(const std::string &text, const std::string &where);

// The compositor pad properties for a place ("xpos=10 ypos=10 ..."), each
// prefixed with `prefix` ("flu-composite.sink_0::") when given.
std::vector<std::pair<std::string, std::string>> pad_settings(const InputPlace &place);

} // namespace flu::modules
