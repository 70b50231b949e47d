// What flu-command prints for an AdminReply. A person gets the reply's
// text, plus per verb:
//   property  each value on a line of its own (values: NAME → [VALUE...])
//   keycards  a table (values: KEYCARD-ID → [REQUESTER, USERNAME, ADDRESS,
//             EXPIRES-MS], expiry in ms since the epoch, "0" = never)
//   export    the planet XML as it came (the reply's text)
// and any other values as "KEY: VALUE, VALUE". A failed request prints
// "flu-command: VERB TARGET: TEXT" on stderr. With --json, stdout gets one
// object whatever the outcome:
//   {"verb":..,"target":..,"code":0,"text":..,"values":{"KEY":[..]}}
// with, for keycards, "keycards":[{"id","requester","username","address",
// "expires_ms"}].
#pragma once

#include "message/messages.hpp"

#include <ostream>

namespace flu::command {

// Returns the exit code (admin_request.hpp exit_code()).
int print_reply(std::ostream &out, std::ostream &err,
                const message::AdminRequest &request, const message::AdminReply &reply,
                bool json);

} // namespace flu::command
