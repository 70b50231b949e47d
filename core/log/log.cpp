#include "log/log.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <utility>

namespace flu::log {
namespace {

std::mutex &mutex() {
  static std::mutex m;
  return m;
}

Sink &sink() {
  static Sink s;
  return s;
}

int threshold() {
  static const int level = [] {
    const char *v = std::getenv("FLU_DEBUG");
    const int n = v ? std::atoi(v) : 0;
    return n > 0 ? n : static_cast<int>(Level::info);
  }();
  return level;
}

const char *tag(Level level) {
  switch (level) {
  case Level::error:
    return "ERROR";
  case Level::warning:
    return "WARN ";
  case Level::info:
    return "INFO ";
  case Level::debug:
    return "DEBUG";
  }
  return "?";
}

} // namespace

bool enabled(Level level) { return static_cast<int>(level) <= threshold(); }

Sink set_sink(Sink next) {
  std::lock_guard lock(mutex());
  return std::exchange(sink(), std::move(next));
}

void write(Level level, const std::string &who, const std::string &text) {
  if (!enabled(level))
    return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const int ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch())
          .count() %
      1000);
  std::tm tm{};
  localtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
  std::lock_guard lock(mutex());
  std::fprintf(stderr, "%s.%03d %s [%s] %s\n", stamp, ms, tag(level), who.c_str(),
               text.c_str());
  if (sink())
    sink()(level, who, text);
}

} // namespace flu::log
