// The ABI boundary in C++: no exception crosses it.
//
// Every function a module hands the host (through <flu/module.h>'s tables)
// runs the module's C++ inside guarded(): an exception is logged with its
// text through the host's log, then turned into what the C function returns
// (an error code and a g_malloc'd error string, a refusal, or nothing when
// the function has no way to say it failed). Nothing is dropped silently.
#pragma once

#include <flu/module.h>
#include <flu/sdk/host.hpp>

#include <glib.h>

#include <exception>
#include <string>

namespace flu::sdk::detail {

// A string the host g_free()s.
inline char *dup(const std::string &s) { return g_strdup(s.c_str()); }

inline std::string what_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &ex) {
    return ex.what();
  } catch (...) {
    return "unknown error";
  }
}

inline char *error_text(std::exception_ptr e) { return dup(what_of(e)); }

// Logs "WHERE: TEXT" through the host's log, when the host has one (a bare
// host in a test may not).
inline void log_exception(const flu_host *host, flu_log_level level,
                          const std::string &where, const std::string &text) {
  if (FLU_HAS_CALLBACK(host, flu_host, log))
    host->log(host->self, level, (where + ": " + text).c_str());
}

// Runs f(). On an exception, logs its text at `level` (DEBUG where the text
// also goes back to the host as an error, WARNING where it goes nowhere
// else), hands it to on_error and returns false.
template <class F, class OnError>
bool guarded(const flu_host *host, flu_log_level level, const std::string &where, F &&f,
             OnError &&on_error) {
  try {
    f();
    return true;
  } catch (...) {
    const std::string text = what_of(std::current_exception());
    log_exception(host, level, where, text);
    on_error(text);
    return false;
  }
}

// guarded() for the functions that return an error string: *error gets the
// text (when the host asked for it).
template <class F>
bool guarded(const flu_host *host, const std::string &where, char **error, F &&f) {
  return guarded(host, FLU_LOG_DEBUG, where, static_cast<F &&>(f),
                 [error](const std::string &text) {
                   if (error)
                     *error = dup(text);
                 });
}

} // namespace flu::sdk::detail
