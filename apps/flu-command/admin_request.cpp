// Builds AdminRequests from command lines; see admin_request.hpp.
#include "admin_request.hpp"

#include <fstream>
#include <sstream>

namespace flu::command {
namespace {

std::string bouncer_target(const std::string &operand) {
  return operand == "manager" ? "" : operand;
}

std::string read_file(const std::string &path, const Verb &verb) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError("cannot read " + path, &verb);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw UsageError("cannot read " + path, &verb);
  return text.str();
}

} // namespace

message::AdminRequest make_request(const CommandLine &line) {
  const Verb &verb = *line.verb;
  const auto &ops = line.operands;
  message::AdminRequest request;
  request.verb = verb.name;
  if (request.verb == "load") {
    request.args = {read_file(ops[0], verb), ops[0]};
  } else if (request.verb == "keycards") {
    request.target = ops.empty() ? "" : bouncer_target(ops[0]);
  } else if (request.verb == "expire") {
    request.target = bouncer_target(ops[0]);
    request.args = {ops[1]};
  } else if (request.verb == "check") {
    // The manager reads the limit first ("" for its default), then the
    // type, the check and the check's own arguments.
    request.target = ops[0];
    request.args = {line.limit_ms ? std::to_string(*line.limit_ms) : ""};
    request.args.insert(request.args.end(), ops.begin() + 1, ops.end());
  } else if (!ops.empty()) {
    request.target = ops[0];
    request.args.assign(ops.begin() + 1, ops.end());
  }
  return request;
}

int exit_code(const message::AdminReply &reply) {
  // The codec admits only the codes ReplyCode names, each its own exit code;
  // a number outside them (a reply made in-process) still means "failed".
  using enum message::ReplyCode;
  switch (reply.code) {
  case done:
  case malformed:
  case no_target:
  case not_now:
  case failed:
    return static_cast<int>(reply.code);
  }
  return static_cast<int>(failed);
}

} // namespace flu::command
