// What flu-command prints from the manager's replicated state: the
// snapshot a Subscribe brings (list, status, workers) and each delta after
// it (watch), as a table for people or JSON for scripts.
//
// list (the first five columns are what scripts split on whitespace):
//   COMPONENT          MOOD     WORKER     PID    TYPE                PENDING
//   /default/http      happy    localhost  4242   http-streamer       -
//       error 2025-05-01T12:00:01Z: the job was killed by signal 9 (Killed)
//
// watch, one line per changed record (only the component's with a TARGET):
//   SEQ /flow/comp MOOD[>PENDING] pid=N [messages=N] [UI-KEY=VALUE...]
//   SEQ /flow/comp removed
//   SEQ worker NAME connected|gone HOST:PORT
//
// Messages are translated (i18n::render) in the reader's language; times
// are UTC, ISO 8601.
#pragma once

#include "message/messages.hpp"

#include <cstdint>
#include <ostream>
#include <string>

namespace flu::command {

// "2025-05-01T12:00:01Z"; "-" for 0.
std::string utc_time(int64_t ms);

void print_components(std::ostream &out, const message::StateSnapshot &snapshot,
                      bool json);
// One component ("" = all) in detail. Returns false, printing nothing,
// when the snapshot has no such component.
bool print_status(std::ostream &out, const message::StateSnapshot &snapshot,
                  const std::string &component_id, bool json);
void print_workers(std::ostream &out, const message::StateSnapshot &snapshot, bool json);
// `received_ms` (wall clock) is printed in JSON as "received_ms", for
// latency measurements. With `only` (a component id), the rest of the
// delta is left out. Returns whether it printed anything.
bool print_delta(std::ostream &out, const message::StateDelta &delta, bool json,
                 int64_t received_ms, const std::string &only = "");

} // namespace flu::command
