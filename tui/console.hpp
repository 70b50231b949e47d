// flu-admin's event loop: one thread, one io_context. The manager's
// messages (PeerSession, which reconnects with back-off), the keyboard
// (stdin readable, polled with getch in no-delay mode), signals and a
// redraw tick all come through it, so nothing ever waits on the network.
#pragma once

#include "page_fetcher.hpp"
#include "session/peer_session.hpp"

namespace flu::admin {

struct ConsoleOptions {
  session::SessionOptions session;
  bool ascii = false;
  bool colour = true;
  bool mouse = true;
  PageOptions pages; // where component pages come from
};

// Runs until the operator quits or a signal ends it; the terminal is
// restored before it returns. Returns the exit code.
int run_console(ConsoleOptions options);

} // namespace flu::admin
