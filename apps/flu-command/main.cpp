// flu-command: the scriptable admin (Flumotion's flumotion-command). Logs
// into the manager as an admin, does one thing, prints the answer (a table,
// or JSON with --json) and exits with a code a script can test; see
// help_text() in command_line.cpp and README.md ("flu-command").
#include "admin_request.hpp"
#include "command_line.hpp"
#include "edges_output.hpp"
#include "reply_output.hpp"
#include "session/admin_session.hpp"
#include "state_output.hpp"

#include "i18n/translate.hpp"
#include "message/codec.hpp"
#include "session/credentials.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

namespace {

using namespace flu;
using namespace flu::command;
using message::Type;
using session::AdminSession;

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is(const message::Envelope &envelope, Type type) {
  return envelope.type == static_cast<uint16_t>(type);
}

// A message the manager sent that does not decode: a version mismatch.
void undecodable(AdminSession &session, const std::exception &error) {
  std::cerr << "flu-command: cannot read the manager's answer: " << error.what() << "\n";
  session.finish(1);
}

// list, status, workers: the snapshot a Subscribe brings is the answer.
int run_snapshot(const CommandLine &line) {
  AdminSession session(line.session, line.timeout_ms);
  const std::string verb = line.verb->name;
  session.on_login([&] { session.send(message::pack(message::Subscribe{})); });
  session.on_message([&](const message::Envelope &envelope) {
    try {
      if (!is(envelope, Type::state_snapshot))
        return;
      const auto snapshot = message::decode<message::StateSnapshot>(envelope.payload);
      if (verb == "list") {
        print_components(std::cout, snapshot, line.json);
      } else if (verb == "workers") {
        print_workers(std::cout, snapshot, line.json);
      } else if (verb == "edges") {
        print_edges(std::cout, snapshot, line.json);
      } else {
        const std::string target = line.operands.empty() ? "" : line.operands[0];
        if (!print_status(std::cout, snapshot, target, line.json)) {
          std::cerr << "flu-command: status: no component " << target << "\n";
          return session.finish(3);
        }
      }
      session.finish(0);
    } catch (const std::exception &error) {
      undecodable(session, error);
    }
  });
  return session.run();
}

// watch: the snapshot, then every delta (of TARGET's, with one) until --count
// of them came.
int run_watch(const CommandLine &line) {
  AdminSession session(line.session, line.timeout_ms);
  session.keep_watching();
  int deltas = 0; // that printed something
  const std::string only = line.operands.empty() ? "" : line.operands[0];
  session.on_login([&] { session.send(message::pack(message::Subscribe{})); });
  session.on_message([&](const message::Envelope &envelope) {
    try {
      if (is(envelope, Type::state_snapshot)) {
        const auto snapshot = message::decode<message::StateSnapshot>(envelope.payload);
        if (!only.empty() &&
            std::none_of(snapshot.components.begin(), snapshot.components.end(),
                         [&](const auto &c) { return c.component_id == only; })) {
          std::cerr << "flu-command: watch: no component " << only << "\n";
          return session.finish(3);
        }
        // On stderr, so that stdout holds deltas only; tests wait for it.
        std::cerr << "flu-command: watching planet " << snapshot.planet << " from seq "
                  << snapshot.seq << "\n";
        session.answered();
      } else if (is(envelope, Type::state_delta)) {
        const bool printed =
            print_delta(std::cout, message::decode<message::StateDelta>(envelope.payload),
                        line.json, wall_ms(), only);
        std::cout.flush();
        if (printed && line.count && ++deltas >= *line.count)
          session.finish(0);
      }
    } catch (const std::exception &error) {
      undecodable(session, error);
    }
  });
  return session.run();
}

// Every other verb: one AdminRequest, paired with its AdminReply by the
// envelope's request id.
int run_request(const CommandLine &line, const message::AdminRequest &request) {
  AdminSession session(line.session, line.timeout_ms);
  const uint32_t request_id = std::random_device{}() | 1u;
  session.on_login([&] { session.send(message::pack(request, request_id)); });
  session.on_message([&](const message::Envelope &envelope) {
    try {
      if (!is(envelope, Type::admin_reply) || envelope.request_id != request_id)
        return;
      auto reply = message::decode<message::AdminReply>(envelope.payload);
      if (!line.output.empty() && reply.code == message::ReplyCode::done) {
        std::ofstream out(line.output, std::ios::binary | std::ios::trunc);
        out << reply.text;
        if (!out.flush()) {
          std::cerr << "flu-command: cannot write " << line.output << "\n";
          return session.finish(5);
        }
        reply.text.clear(); // written, not printed
      }
      session.finish(print_reply(std::cout, std::cerr, request, reply, line.json));
    } catch (const std::exception &error) {
      undecodable(session, error);
    }
  });
  return session.run();
}

int usage_error(const UsageError &error) {
  std::cerr << "flu-command: " << error.what() << "\n"
            << (error.verb() ? usage_line(*error.verb())
                             : "usage: flu-command [OPTIONS] VERB [OPERAND...]")
            << "\n(flu-command --help lists verbs and options)\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  // The session's own log lines are for daemons; a script wants warnings.
  ::setenv("FLU_DEBUG", "2", 0);
  i18n::init_translations();

  CommandLine line;
  message::AdminRequest request;
  try {
    line = parse_command_line(std::vector<std::string>(argv + 1, argv + argc),
                              session::peer_option);
    if (line.help) {
      std::cout << (line.verb ? verb_help(*line.verb)
                              : help_text(session::peer_options_help()));
      return 0;
    }
    if (line.verb->kind == Verb::Kind::request)
      request = make_request(line);
  } catch (const UsageError &error) {
    return usage_error(error);
  }

  try {
    session::complete_from_local_manager(line.session);
  } catch (const std::exception &error) {
    std::cerr << "flu-command: " << error.what() << "\n";
    return 1;
  }
  switch (line.verb->kind) {
  case Verb::Kind::snapshot:
    return run_snapshot(line);
  case Verb::Kind::watch:
    return run_watch(line);
  case Verb::Kind::request:
    break;
  }
  return run_request(line, request);
}
