// flu-command check: a runtime check of a component type's module, run by
// one worker (docs/control-plane.md "Runtime checks"). The manager only
// checks what it knows (the worker, the type), passes the request on, and
// turns the worker's CheckResult into the admin's reply.
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

#include <charconv>

namespace flu::manager {

using enum message::ReplyCode;

namespace {
constexpr int32_t default_limit_ms = 10000;
constexpr int32_t max_limit_ms = 600000;
// Beyond the check's own limit: the worker may fetch the type's bundles
// first, which it gives up on after 60 s (and then answers).
constexpr int64_t fetch_allowance_ms = 70000;
} // namespace

// args: LIMIT-MS ("" for the default), TYPE, CHECK, then the check's own.
void Manager::run_check(Session &admin, uint32_t id, const message::AdminRequest &r) {
  if (r.args.size() < 3 || r.args[1].empty() || r.args[2].empty())
    return reply(admin, id, malformed,
                 "check needs a worker, a component type and a check");
  int32_t limit = default_limit_ms;
  if (const std::string &text = r.args[0]; !text.empty()) {
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), limit);
    if (error != std::errc() || end != text.data() + text.size() || limit < 100 ||
        limit > max_limit_ms)
      return reply(admin, id, malformed,
                   "a check's time limit is 100 to " + std::to_string(max_limit_ms) +
                       " ms, not '" + text + "'");
  }
  const std::string &type = r.args[1], &check = r.args[2];
  const auto w = workers_.find(r.target);
  if (w == workers_.end())
    return reply(admin, id, no_target, "no worker " + link::printable_id(r.target));
  if (!w->second.connected)
    return reply(admin, id, not_now, "worker " + r.target + " is not connected");
  if (!registry_.find_type(type))
    return reply(admin, id, no_target,
                 "no component type " + link::printable_id(type) +
                     " in the manager's bundles");
  const std::string target = "worker " + r.target;
  const uint64_t request = relays_.add(Relays::Invoke{
      admin.identity, id, target, steady_ms() + limit + fetch_allowance_ms});
  message::RunCheck run;
  run.request = request;
  run.component_type = type;
  run.check = check;
  run.args.assign(r.args.begin() + 3, r.args.end());
  run.timeout_ms = limit;
  send(w->second.identity, message::pack(run));
}

// The table goes to the admin as values: "columns", then one entry per row
// numbered from 1, each with every cell.
void Manager::check_result(Session &worker, const message::CheckResult &result) {
  const auto relay = relays_.take_invoke(result.request, "worker " + worker.name);
  if (!relay)
    return log::warning(who, "worker " + worker.name +
                                 " answered a check it was not asked (or too late)");
  const Session *admin = sessions_.find(relay->admin);
  if (!admin)
    return;
  if (!result.ok)
    return reply(*admin, relay->request_id, failed, result.text);
  message::Values table{{"columns", result.columns}};
  std::size_t n = 0;
  for (const auto &[key, cells] : result.rows) {
    std::vector<std::string> row{key};
    row.insert(row.end(), cells.begin(), cells.end());
    table.push_back({std::to_string(++n), std::move(row)});
  }
  reply(*admin, relay->request_id, done, result.text, std::move(table));
}

} // namespace flu::manager
