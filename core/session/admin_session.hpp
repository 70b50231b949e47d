// One flu-command run's conversation with the manager: log in as an admin,
// send, wait for what answers it, and end with an exit code. A one-shot
// tool, so where a daemon would retry it gives up: a refused login, no
// login within the timeout, no answer within the timeout, or (except while
// watching) a lost manager all end the run with exit code 1 and a line on
// stderr.
#pragma once

#include "message/envelope.hpp"
#include "session/peer_session.hpp"

#include <functional>
#include <string>

namespace flu::session {

class AdminSession {
public:
  AdminSession(SessionOptions options, int timeout_ms);
  ~AdminSession();
  AdminSession(const AdminSession &) = delete;
  AdminSession &operator=(const AdminSession &) = delete;

  // Called after each login: send what the run is about.
  void on_login(std::function<void()> handler);
  // Every message from the manager.
  void on_message(std::function<void(const message::Envelope &)> handler);
  // While watching, a lost manager is waited for (a new login calls
  // on_login again) instead of ending the run, and no answer is awaited
  // once the first one came.
  void keep_watching() { watching_ = true; }

  bool send(const std::string &frame);
  // An answer came: the answer timeout no longer applies (watch).
  void answered();
  // Ends the run with this exit code (the first call wins).
  void finish(int code);
  // Runs until finish(); returns its code.
  int run();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool watching_ = false;
};

} // namespace flu::session
