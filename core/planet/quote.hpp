// How planet errors quote a name: 'name'.
#pragma once

#include <string>

namespace flu::planet {

inline std::string in_quotes(const std::string &text) { return "'" + text + "'"; }

} // namespace flu::planet
