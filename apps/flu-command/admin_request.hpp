// The AdminRequest a command line sends (every verb that is not answered
// from the state snapshot), and the exit code its AdminReply means.
//
//   verb       target              args
//   start      /flow/comp          -
//   stop       /flow/comp          -
//   restart    /flow/comp          -
//   delete     /flow/comp          -
//   property   /flow/comp          NAME
//   invoke     /flow/comp          METHOD ARG...
//   load       ""                  XML-TEXT FILE-NAME
//   export     ""                  -
//   keycards   BOUNCER or ""       -
//   expire     BOUNCER or ""       KEYCARD-ID
//
// BOUNCER is sent as typed, except "manager", which is sent as "" (the
// manager's own bouncer).
#pragma once

#include "command_line.hpp"
#include "message/messages.hpp"

namespace flu::command {

// Throws UsageError (e.g. a file to load that cannot be read).
message::AdminRequest make_request(const CommandLine &line);

// flu-command's exit code for a reply: its code when it is one of 0, 2, 3,
// 4, 5; anything else (a newer manager's code) is 5, a failure.
int exit_code(const message::AdminReply &reply);

} // namespace flu::command
