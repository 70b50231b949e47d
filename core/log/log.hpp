// Log lines carry who speaks, as in `[manager] worker edge1 logged in`.
// The level comes from FLU_DEBUG (1 errors … 4 debug; default 3), which
// workers pass on to their jobs, as Flumotion did.
#pragma once

#include <functional>
#include <string>

namespace flu::log {

enum class Level { error = 1, warning = 2, info = 3, debug = 4 };

void write(Level level, const std::string &who, const std::string &text);
bool enabled(Level level);

// For tests: every line that passes the level also goes to `sink` (empty:
// none). Returns the previous sink. The sink runs under the log's lock.
using Sink = std::function<void(Level, const std::string &who, const std::string &text)>;
Sink set_sink(Sink sink);

inline void error(const std::string &who, const std::string &text) {
  write(Level::error, who, text);
}
inline void warning(const std::string &who, const std::string &text) {
  write(Level::warning, who, text);
}
inline void info(const std::string &who, const std::string &text) {
  write(Level::info, who, text);
}
inline void debug(const std::string &who, const std::string &text) {
  write(Level::debug, who, text);
}

} // namespace flu::log
