// flu-job as a worker runs it: a control channel to the test, which plays
// the worker, and the methods fixture as the component. What goes out and
// what comes back is what the worker and the manager route: UiState,
// Invoke/InvokeResult, Authenticate/AuthenticateReply, KeycardExpired.
#include "control/control_channel.hpp"
#include "keycard/keycard.hpp"
#include "later.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace flu;
using namespace std::chrono_literals;

namespace {

struct Frame {
  uint16_t type;
  uint32_t request_id;
  std::string payload;
};

const std::string component_id = "/flow/methods";

class JobUnderTest {
public:
  // A component of the methods fixture, or the given configuration.
  explicit JobUnderTest(message::JobConfig config = methods_config(),
                        const std::string &module = FIXTURE_METHODS) {
    char pattern[] = "/tmp/flu-job-control-XXXXXX";
    const int fd = mkstemp(pattern);
    BOOST_REQUIRE(fd >= 0);
    ::close(fd);
    log_path_ = pattern;
    int ours = -1, theirs = -1;
    control::ControlChannel::make_pair(ours, theirs);
    pid_ = fork();
    BOOST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int log = open(log_path_.c_str(), O_WRONLY | O_TRUNC);
      dup2(log, STDERR_FILENO);
      dup2(log, STDOUT_FILENO);
      dup2(theirs, 3); // without close-on-exec
      execl(FLU_JOB, FLU_JOB, "--control-fd", "3", "--module", module.c_str(), nullptr);
      _exit(127);
    }
    ::close(theirs);
    channel_ = std::make_unique<control::ControlChannel>(
        io_, ours,
        [this](const message::Envelope &e, int fd) {
          if (fd >= 0)
            ::close(fd);
          frames_.push_back({e.type, e.request_id, std::string(e.payload)});
        },
        [this](const std::string &) { closed_ = true; });
    channel_->start();
    send(message::StartComponent{config});
  }

  static message::JobConfig methods_config() {
    message::JobConfig config;
    config.component_id = component_id;
    config.type = "fixture-methods";
    config.module_id = FIXTURE_METHODS;
    return config;
  }

  ~JobUnderTest() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    ::unlink(log_path_.c_str());
  }

  template <class M> void send(const M &m, uint32_t request_id = 0) {
    channel_->send(message::pack(m, request_id));
  }

  // The first message of type M, received or to come within `timeout`, for
  // which `match` holds; it is taken out (other messages stay).
  template <class M>
  std::optional<M> next(const std::function<bool(const M &)> &match = {},
                        std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      for (auto it = frames_.begin(); it != frames_.end(); ++it) {
        if (it->type != static_cast<uint16_t>(M::type))
          continue;
        M m = message::decode<M>(it->payload);
        if (!match || match(m)) {
          last_request_id_ = it->request_id;
          frames_.erase(it);
          return m;
        }
      }
      if (closed_ || std::chrono::steady_clock::now() >= deadline)
        return std::nullopt;
      io_.run_for(50ms);
    }
  }

  uint32_t last_request_id() const { return last_request_id_; }

  message::InvokeResult invoke(uint64_t request, const std::string &method,
                               std::vector<std::string> args = {}) {
    send(message::Invoke{component_id, request, method, std::move(args)}, 7);
    auto r = next<message::InvokeResult>(
        [&](const message::InvokeResult &m) { return m.request == request; });
    BOOST_REQUIRE(r);
    return *r;
  }

  // Stops the job as the worker does; its exit code.
  int stop() {
    send(message::StopComponent{component_id});
    int status = 0;
    for (int i = 0; i < 200; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      // Once the job closed its end the loop has nothing to wait for and
      // returns at once: poll the process instead.
      if (io_.run_for(50ms) == 0 && io_.stopped()) {
        io_.restart();
        std::this_thread::sleep_for(50ms);
      }
    }
    return -1;
  }

  std::string output() const {
    std::ifstream in(log_path_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

private:
  boost::asio::io_context io_;
  std::unique_ptr<control::ControlChannel> channel_;
  std::vector<Frame> frames_;
  uint32_t last_request_id_ = 0;
  bool closed_ = false;
  pid_t pid_ = -1;
  std::string log_path_;
};

bool happy(const message::ComponentMood &m) { return m.mood == Mood::happy; }

std::string value_of(const message::Values &values, const std::string &key) {
  for (const auto &[k, v] : values)
    if (k == key && !v.empty())
      return v.front();
  return {};
}

} // namespace

BOOST_AUTO_TEST_CASE(invoke_answers_each_request_by_its_id) {
  JobUnderTest job;
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  auto r = job.invoke(41, "echo", {"a", "b"});
  BOOST_TEST(r.component_id == component_id);
  BOOST_TEST(r.ok);
  BOOST_TEST(r.result == "a b");
  BOOST_TEST(job.last_request_id() == 7u); // the envelope's id comes back too
  r = job.invoke(42, "fail");
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.result == "it failed");
  // Answered by the job for every component.
  r = job.invoke(43, "ui-state");
  BOOST_TEST(r.ok);
  BOOST_TEST(r.result.find("start-time=") != std::string::npos, r.result);
  r = job.invoke(44, "properties");
  BOOST_TEST(r.ok);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(ui_state_carries_the_job_figures_and_the_module_entries) {
  JobUnderTest job;
  const auto first = job.next<message::UiState>();
  BOOST_REQUIRE(first);
  BOOST_TEST(first->component_id == component_id);
  BOOST_TEST(!value_of(first->entries, "start-time").empty());
  BOOST_TEST(std::stoull(value_of(first->entries, "memory-bytes")) > 0u);
  BOOST_TEST(!value_of(first->entries, "cpu-percent").empty());
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  BOOST_TEST(job.invoke(1, "ui", {"viewers", "3"}).ok);
  const auto update = job.next<message::UiState>(
      [](const message::UiState &m) { return !value_of(m.entries, "viewers").empty(); });
  BOOST_REQUIRE(update);
  BOOST_TEST(value_of(update->entries, "viewers") == "3");
  BOOST_TEST(
      value_of(update->entries, "start-time").empty()); // unchanged: not sent again
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(authentication_goes_through_the_worker_without_the_password) {
  JobUnderTest job;
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  BOOST_TEST(job.invoke(1, "authenticate",
                        {"viewers", "kind=password", "username=alice", "password=pw",
                         "address=192.0.2.7"})
                 .ok);
  const auto first = job.next<message::Authenticate>();
  BOOST_REQUIRE(first);
  BOOST_TEST(first->component_id == component_id);
  BOOST_TEST(first->bouncer == "viewers");
  BOOST_TEST((first->keycard == message::KeycardFields{{"kind", "password"},
                                                       {"username", "alice"},
                                                       {"address", "192.0.2.7"}}));
  job.send(message::AuthenticateReply{component_id,
                                      first->request,
                                      message::KeycardState::challenge,
                                      {{"id", "c1"},
                                       {"salt", "NaCl"},
                                       {"scheme", "saltsha256"},
                                       {"challenge", "n0nce"}}});
  const auto second = job.next<message::Authenticate>();
  BOOST_REQUIRE(second);
  BOOST_TEST(keycard::get(second->keycard, "id") == "c1");
  BOOST_TEST(keycard::get(second->keycard, "password").empty());
  BOOST_TEST(
      keycard::get(second->keycard, "response") ==
      keycard::response(keycard::hashed_password("saltsha256", "pw", "NaCl"), "n0nce"));
  job.send(message::AuthenticateReply{component_id,
                                      second->request,
                                      message::KeycardState::authenticated,
                                      {{"id", "k1"}, {"ttl", "3600"}}});
  BOOST_TEST(job.invoke(2, "log").result.find("answer 1 id=k1 ttl=3600;") !=
             std::string::npos);

  job.send(message::KeycardExpired{component_id, "k1", "its time ran out"});
  BOOST_TEST(job.invoke(3, "log").result.find("expired k1;") != std::string::npos);
  BOOST_TEST(job.output().find("pw ") == std::string::npos);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(what_waits_for_a_bouncer_is_refused_before_the_component_stops) {
  JobUnderTest job;
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  BOOST_TEST(job.invoke(1, "authenticate", {"viewers", "kind=address"}).ok);
  BOOST_REQUIRE(job.next<message::Authenticate>());
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const std::string out = job.output();
  const auto refused = out.find("answer 0 reason=the component is stopping");
  const auto stopped = out.find("] stopped");
  BOOST_TEST(refused != std::string::npos, out);
  BOOST_TEST(stopped != std::string::npos, out);
  BOOST_TEST(refused < stopped, out);
}

#ifdef FLU_MODULE_TOKEN_BOUNCER
BOOST_AUTO_TEST_CASE(a_bouncer_job_answers_keycards_without_a_pipeline) {
  message::JobConfig config;
  config.component_id = "/atmosphere/tokens";
  config.type = "token-bouncer";
  config.module_id = FLU_MODULE_TOKEN_BOUNCER;
  config.bouncer = true;
  config.properties = {{"token", {"t1"}}};
  JobUnderTest job(config, FLU_MODULE_TOKEN_BOUNCER);
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  BOOST_REQUIRE(job.next<message::UiState>()); // every job publishes its figures

  job.send(message::Authenticate{
      "/flow/streamer", 5, "tokens", {{"kind", "token"}, {"token", "t1"}}});
  auto reply = job.next<message::AuthenticateReply>();
  BOOST_REQUIRE(reply);
  BOOST_TEST(reply->component_id == "/flow/streamer");
  BOOST_TEST(reply->request == 5u);
  BOOST_TEST((reply->state == message::KeycardState::authenticated));
  BOOST_TEST(!keycard::get(reply->keycard, "id").empty());

  job.send(message::Authenticate{
      "/flow/streamer", 6, "tokens", {{"kind", "token"}, {"token", "nope"}}});
  reply = job.next<message::AuthenticateReply>();
  BOOST_REQUIRE(reply);
  BOOST_TEST(reply->request == 6u);
  BOOST_TEST((reply->state == message::KeycardState::refused));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_bouncer_that_cannot_start_is_sad) {
  message::JobConfig config;
  config.component_id = "/atmosphere/tokens";
  config.type = "token-bouncer";
  config.module_id = FLU_MODULE_TOKEN_BOUNCER;
  config.bouncer = true; // and no token: a required property
  JobUnderTest job(config, FLU_MODULE_TOKEN_BOUNCER);
  BOOST_REQUIRE(job.next<message::ComponentMood>(
      [](const message::ComponentMood &m) { return m.mood == Mood::sad; }));
  const auto note = job.next<message::ComponentNote>();
  BOOST_REQUIRE(note);
  BOOST_TEST(note->note.id == "bouncer-setup");
}
#endif

// Hot upgrade: a type without handover says so at once and runs on; a job
// started to take over hears the end (and a stray item is dropped, its
// descriptor closed).
BOOST_AUTO_TEST_CASE(a_type_without_handover_refuses_it_and_runs_on) {
  JobUnderTest job;
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  job.send(message::HandoverBegin{component_id});
  const auto end = job.next<message::HandoverEnd>();
  BOOST_REQUIRE(end);
  BOOST_TEST(!end->ok);
  BOOST_TEST(end->error.find("does not support handover") != std::string::npos,
             end->error);
  BOOST_TEST(job.invoke(3, "ui-state").ok); // still running
  BOOST_TEST(job.stop() == 0);
}

BOOST_AUTO_TEST_CASE(a_takeover_job_runs_and_hears_the_end) {
  message::JobConfig config = JobUnderTest::methods_config();
  config.takeover = true;
  JobUnderTest job(config);
  BOOST_REQUIRE(job.next<message::ComponentMood>(happy));
  job.send(message::HandoverItem{component_id, "stray", "data", false});
  job.send(message::HandoverEnd{component_id, false, "nothing to hand over"});
  BOOST_TEST(job.invoke(4, "ui-state").ok);
  BOOST_TEST(job.stop() == 0);
}
