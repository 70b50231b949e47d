// Runtime checks on a worker; see checks.hpp.
#include "checks.hpp"

#include "control/control_channel.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "process/process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>
#include <optional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace flu::worker {

namespace asio = boost::asio;

// After its process ended, how long its answer (already written, maybe not
// yet read) may take to arrive.
constexpr auto answer_grace = std::chrono::seconds(1);

struct Checks::Running {
  explicit Running(asio::io_context &io) : limit(io), grace(io) {}
  message::RunCheck request;
  JobCode code;
  pid_t pid = 0;
  std::unique_ptr<control::ControlChannel> channel;
  asio::steady_timer limit, grace;
  std::optional<message::CheckResult> result;
  bool closed = false, timed_out = false, ended = false, done = false;
  int status = 0;
};

namespace {

std::string seconds(int32_t ms) {
  std::ostringstream out;
  out << ms / 1000.0;
  return out.str() + " s";
}

} // namespace

Checks::Checks(asio::io_context &io, std::string who, BundleFetcher &fetcher,
               std::filesystem::path job_executable, ToManager to_manager)
    : io_(io), who_(std::move(who)), fetcher_(fetcher),
      job_executable_(std::move(job_executable)), to_manager_(std::move(to_manager)) {}

Checks::~Checks() = default;

void Checks::answer(const message::RunCheck &request, bool ok, const std::string &text) {
  message::CheckResult r;
  r.request = request.request;
  r.ok = ok;
  r.text = text;
  to_manager_(message::pack(r));
}

void Checks::run(const message::RunCheck &request) {
  if (request.timeout_ms <= 0)
    return answer(request, false, "a check needs a time limit");
  const uint64_t id = next_++;
  auto r = std::make_unique<Running>(io_);
  r->request = request;
  running_[id] = std::move(r);
  message::JobConfig config;
  config.component_id = "check " + request.component_type + " " + request.check;
  config.type = request.component_type;
  config.version_range = request.range;
  fetcher_.prepare(
      config, [this, id](JobCode code) { spawn(id, code); },
      [this, id](const std::string &why) {
        const auto it = running_.find(id);
        if (it == running_.end())
          return;
        answer(it->second->request, false, why);
        running_.erase(it);
      });
}

void Checks::spawn(uint64_t id, const JobCode &code) {
  const auto it = running_.find(id);
  if (it == running_.end())
    return;
  Running &r = *it->second;
  r.code = code;
  int ours = -1, theirs = -1;
  std::vector<std::string> argv{job_executable_.string(),
                                "--check",
                                r.request.check,
                                "--module",
                                code.library.string(),
                                "--type",
                                r.request.component_type,
                                "--result-fd",
                                "3",
                                "--"};
  argv.insert(argv.end(), r.request.args.begin(), r.request.args.end());
  try {
    control::ControlChannel::make_pair(ours, theirs);
    r.pid = process::spawn(argv, {{theirs, 3}});
  } catch (const std::exception &e) {
    if (ours >= 0)
      ::close(ours);
    if (theirs >= 0)
      ::close(theirs);
    answer(r.request, false, std::string("cannot start the check: ") + e.what());
    running_.erase(it);
    return;
  }
  ::close(theirs);
  r.channel = std::make_unique<control::ControlChannel>(
      io_, ours,
      [this, id](const message::Envelope &e, int fd) {
        if (fd >= 0)
          ::close(fd);
        const auto found = running_.find(id);
        if (found == running_.end())
          return;
        try {
          if (static_cast<message::Type>(e.type) == message::Type::check_result)
            found->second->result = message::decode<message::CheckResult>(e.payload);
        } catch (const message::DecodeError &ex) {
          log::warning(who_, "check " + found->second->request.check +
                                 " sent a malformed answer: " + ex.what());
        }
        finish(id);
      },
      [this, id](const std::string &) {
        if (const auto found = running_.find(id); found != running_.end()) {
          found->second->closed = true;
          finish(id);
        }
      });
  r.channel->start();
  log::info(who_, "running check " + r.request.check + " of " + r.request.component_type +
                      " (" + code.version + ") as pid " + std::to_string(r.pid));
  r.limit.expires_after(std::chrono::milliseconds(r.request.timeout_ms));
  r.limit.async_wait([this, id](auto ec) {
    const auto found = running_.find(id);
    if (ec || found == running_.end() || found->second->ended)
      return;
    found->second->timed_out = true;
    log::warning(who_, "check " + found->second->request.check +
                           " timed out; killing pid " +
                           std::to_string(found->second->pid));
    ::kill(found->second->pid, SIGKILL);
  });
}

bool Checks::exited(pid_t pid, int status) {
  for (auto &[id, r] : running_) {
    if (r->pid != pid || r->ended)
      continue;
    r->ended = true;
    r->status = status;
    r->limit.cancel();
    r->grace.expires_after(answer_grace);
    r->grace.async_wait([this, id = id](auto ec) {
      if (const auto found = running_.find(id); !ec && found != running_.end()) {
        found->second->closed = true;
        finish(id);
      }
    });
    finish(id);
    return true;
  }
  return false;
}

// Answers once the process has ended and its answer (or the end of its
// channel) has come; the record goes after the handler that called this.
void Checks::finish(uint64_t id) {
  const auto it = running_.find(id);
  if (it == running_.end())
    return;
  Running &r = *it->second;
  if (r.done || !r.ended || (!r.result && !r.closed))
    return;
  r.done = true;
  if (r.result) { // even when it then hung on its way out
    r.result->request = r.request.request;
    to_manager_(message::pack(*r.result));
  } else if (r.timed_out) {
    answer(r.request, false, "timed out after " + seconds(r.request.timeout_ms));
  } else if (WIFSIGNALED(r.status)) {
    answer(r.request, false, "crashed: " + process::describe_status(r.status));
  } else {
    answer(r.request, false,
           "the check gave no answer: its process " + process::describe_status(r.status));
  }
  (r.result && r.result->ok ? log::info : log::warning)(
      who_, "check " + r.request.check + " of " + r.request.component_type + ": " +
                (r.timed_out ? "timed out" : process::describe_status(r.status)));
  r.grace.cancel();
  if (r.channel)
    r.channel->close();
  asio::post(io_, [this, id] { running_.erase(id); });
}

std::set<std::string> Checks::bundles_in_use() const {
  std::set<std::string> shas;
  for (const auto &[id, r] : running_)
    shas.insert(r->code.bundles.begin(), r->code.bundles.end());
  return shas;
}

void Checks::abort_all() {
  for (auto &[id, r] : running_) {
    r->done = true;
    if (r->pid > 0 && !r->ended)
      ::kill(r->pid, SIGKILL);
    if (r->channel)
      r->channel->close();
  }
}

} // namespace flu::worker
