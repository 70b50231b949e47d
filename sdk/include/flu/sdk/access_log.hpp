// flu::sdk::AccessLog: an access log in Apache's combined format with the
// seconds the viewer stayed connected appended (Flumotion's
// requestlogger-file), for every component that serves viewers.
//
//   192.0.2.7 - - [05/Dec/2026:11:30:00 +0000] "GET /live.webm HTTP/1.1" 200 81234 "-"
//   "VLC/3.0" 12
//
// The file is reopened when the process gets SIGHUP (after logrotate moved
// it) and rotated to FILE.1 when it reaches max_bytes (0: never). A path of
// "" logs nothing. Safe from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flu::sdk {

struct AccessEntry {
  std::string address; // the viewer's (after trusted X-Forwarded-For)
  std::string user;    // "" for none
  std::chrono::system_clock::time_point when; // the request's arrival
  std::string request_line;                   // "GET /x HTTP/1.1"; "" if none came
  int status = 0;
  uint64_t bytes = 0;
  std::string referer;
  std::string user_agent;
  uint64_t seconds_connected = 0;
};

class AccessLog {
public:
  AccessLog(std::string path, uint64_t max_bytes)
      : path_(std::move(path)), max_(max_bytes) {
    if (path_.empty())
      return;
    if (users().fetch_add(1) == 0)
      install_hangup_handler();
    seen_ = hangups().load();
    open_file(); // throws with the path when it cannot be written
  }
  ~AccessLog() {
    if (fd_ >= 0)
      ::close(fd_);
    // The handler lives in this module, which may be unloaded next.
    if (!path_.empty() && users().fetch_sub(1) == 1)
      restore_hangup_handler();
  }
  AccessLog(const AccessLog &) = delete;
  AccessLog &operator=(const AccessLog &) = delete;

  bool enabled() const { return !path_.empty(); }

  void write(const AccessEntry &e) {
    if (path_.empty())
      return;
    const std::string line = format(e);
    std::lock_guard lock(mutex_);
    const uint64_t generation = hangups().load();
    if (generation != seen_ || fd_ < 0) {
      seen_ = generation;
      reopen();
    }
    if (max_ > 0 && size_ + line.size() > max_ && size_ > 0) {
      ::rename(path_.c_str(), (path_ + ".1").c_str());
      reopen();
    }
    if (fd_ >= 0 && ::write(fd_, line.data(), line.size()) > 0)
      size_ += line.size();
  }

  // The combined-format line (with its newline).
  static std::string format(const AccessEntry &e) {
    const std::time_t t = std::chrono::system_clock::to_time_t(e.when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char when[40];
    std::strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    return dash(e.address) + " - " + dash(e.user) + " [" + when + "] \"" +
           escape(e.request_line) + "\" " + std::to_string(e.status) + " " +
           (e.bytes ? std::to_string(e.bytes) : "-") + " \"" +
           escape(e.referer.empty() ? "-" : e.referer) + "\" \"" +
           escape(e.user_agent.empty() ? "-" : e.user_agent) + "\" " +
           std::to_string(e.seconds_connected) + "\n";
  }

private:
  static std::string dash(const std::string &s) { return s.empty() ? "-" : escape(s); }
  // What a viewer sent cannot break the line or its quoting.
  static std::string escape(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c >= 0x7f) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out;
  }

  static std::atomic<uint64_t> &hangups() {
    static std::atomic<uint64_t> count{0};
    return count;
  }
  static std::atomic<int> &users() {
    static std::atomic<int> count{0};
    return count;
  }
  static void on_hangup(int) { hangups().fetch_add(1); }
  static void restore_hangup_handler() {
    struct sigaction current {};
    if (sigaction(SIGHUP, nullptr, &current) == 0 && current.sa_handler == &on_hangup)
      std::signal(SIGHUP, SIG_DFL);
  }
  // Only where nobody else handles SIGHUP (its default would end the job).
  static void install_hangup_handler() {
    struct sigaction current {};
    if (sigaction(SIGHUP, nullptr, &current) != 0 || current.sa_handler != SIG_DFL)
      return;
    struct sigaction action {};
    action.sa_handler = &on_hangup;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &action, nullptr);
  }

  void open_file() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw std::runtime_error("cannot open the access log " + path_);
    struct stat st {};
    size_ = fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  }
  void reopen() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
    try {
      open_file();
    } catch (const std::exception &) {
      // Lines are lost until the next hangup finds the file writable.
    }
  }

  std::string path_;
  uint64_t max_ = 0;
  std::mutex mutex_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t seen_ = 0;
};

} // namespace flu::sdk
