// The job's life cycle (see job.hpp): it starts in one of two modes, chosen
// here once — a worker's job (control channel in, WorkerOutput out, real
// feeds) or a standalone one (console in, ConsoleOutput out, gst-launch
// fragments, in-process bouncers, an optional run time) — configures and
// runs its component, and ends with an exit code: 0 when asked to stop, 2
// when the component turned sad.
//
// What each message does is control_dispatch.cpp's; the mood rules are
// mood_policy.cpp's; the pipeline's bus pipeline_bus.cpp's; the figures in
// the UI state figures.cpp's.
#include "job.hpp"
#include "steady_ms.hpp"

#include "authenticator.hpp"
#include "bouncer_job.hpp"
#include "component_host.hpp"
#include "control/control_channel.hpp"
#include "control_dispatch.hpp"
#include "figures.hpp"
#include "flow_clock.hpp"
#include "handover.hpp"
#include "i18n/translate.hpp"
#include "job_feeds.hpp"
#include "job_output.hpp"
#include "message/codec.hpp"
#include "mood_policy.hpp"
#include "pipeline_bus.hpp"
#include "standalone_bouncers.hpp"
#include "standalone_console.hpp"
#include "ui_state.hpp"
#include "watched_state.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include <unistd.h>

namespace flu::job {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// How often the mood is looked at (an eater turning hungry).
constexpr auto mood_period = 500ms;

class Job final : public JobControls {
public:
  explicit Job(JobOptions options)
      : options_(std::move(options)), tick_(io_), signals_(io_),
        bus_(io_, {.note = [this](const message::Note &n) { note(n); },
                   .playing = [this] { on_playing(); },
                   .log = [this](flu_log_level l, const std::string &t) { log(l, t); }}) {
    if (options_.control_fd >= 0)
      start_worker_mode();
    else
      start_standalone_mode();
    clock_ = std::make_unique<FlowClock>(
        io_, FlowClock::Hooks{
                 .note = [this](message::Note n) { note(n); },
                 .ui = [this](const std::string &k,
                              const std::string &v) { ui_.publish(k, v); },
                 .log = [this](const std::string &text) { log(FLU_LOG_INFO, text); }});
    figures_ =
        std::make_unique<Figures>(io_, ui_, *feeds_, [this](message::Values changes) {
          output_->ui_changes(config_.component_id, std::move(changes));
        });
  }

  int run() {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](auto ec, int) {
      if (!ec)
        finish(0, "asked to stop");
    });
    if (channel_)
      channel_->start();
    io_.run();
    teardown();
    return exit_code_;
  }

  // JobControls: what the worker's messages and the console's commands act on.
  const std::string &component_id() const override { return config_.component_id; }
  void configure(const message::JobConfig &config) override { setup(config); }
  void log(flu_log_level level, const std::string &text) override { log_(level, text); }
  ComponentHost *host() override { return host_.get(); }
  UiState &ui() override { return ui_; }
  JobFeeds &feeds() override { return *feeds_; }
  JobOutput &output() override { return *output_; }
  Authenticator *authenticator() override { return authenticator_.get(); }
  JobHandover *handover() override { return handover_.get(); }
  BouncerJob *bouncer() override { return bouncer_.get(); }
  StandaloneBouncers *bouncers() override { return bouncers_.get(); }
  FlowClock &flow_clock() override { return *clock_; }
  WatchedState *watched() override { return watched_.get(); }

  void finish(int code, const std::string &why) override {
    if (finished_)
      return;
    finished_ = true;
    exit_code_ = code;
    log(FLU_LOG_INFO, "job ends: " + why);
    tick_.cancel();
    figures_->stop();
    if (deadline_)
      deadline_->cancel();
    signals_.cancel();
    teardown();
    io_.stop();
  }

private:
  // A worker's job: the configuration and everything else arrive over the
  // control channel, and everything goes back over it. Keycards go to the
  // worker, which routes them to the bouncer's job; hot upgrades happen.
  void start_worker_mode() {
    channel_ = std::make_unique<control::ControlChannel>(
        io_, options_.control_fd,
        [this](const message::Envelope &e, int fd) { dispatch_frame(*this, e, fd); },
        [this](const std::string &why) { finish(0, "control channel closed: " + why); });
    output_ = std::make_unique<WorkerOutput>(*channel_);
    feeds_ = std::make_unique<NetworkFeeds>(
        io_, [this](const std::string &text) { log(FLU_LOG_INFO, text); });
    hands_over_ = true;
    // Other components' state: the list goes to the worker from the event
    // loop (the module asks from its own threads).
    watched_ = std::make_unique<WatchedState>([this](std::vector<std::string> list) {
      asio::post(io_, [this, list = std::move(list)]() mutable {
        if (!finished_)
          output_->to_worker(message::pack(
              message::WatchComponents{config_.component_id, std::move(list)}));
      });
    });
    keycard_route_ = [this]() -> Authenticator::Send {
      return [this](const message::Authenticate &a) {
        output_->to_worker(message::pack(a));
      };
    };
  }

  // A standalone job: configured from the command line, printing what
  // happens, taking commands on stdin; keycards go to the bouncers given on
  // the command line, and without one they are refused.
  void start_standalone_mode() {
    auto console = std::make_unique<ConsoleOutput>();
    console_output_ = console.get();
    output_ = std::move(console);
    feeds_ = std::make_unique<FragmentFeeds>(options_.eater_fragments,
                                             options_.feeder_fragments);
    console_ = std::make_unique<StandaloneConsole>(
        io_, [this](const std::vector<std::string> &words) {
          dispatch_command(*this, *console_output_, words);
        });
    keycard_route_ = [this] { return standalone_keycard_route(); };
    asio::post(io_, [this] { setup(options_.config); });
    if (options_.seconds > 0) {
      deadline_ = std::make_unique<asio::steady_timer>(io_);
      deadline_->expires_after(std::chrono::seconds(options_.seconds));
      deadline_->async_wait([this](auto ec) {
        if (!ec)
          finish(0, "standalone run time is over");
      });
    }
  }

  Authenticator::Send standalone_keycard_route() {
    if (!options_.bouncers.empty()) {
      bouncers_ = std::make_unique<StandaloneBouncers>(
          io_, options_.bouncers,
          [this](flu_log_level level, const std::string &text) { log(level, text); },
          [this](const std::string &line) { console_output_->print(line); },
          [this](const std::string &requester, const std::string &id,
                 const std::string &) {
            if (host_ && requester == config_.component_id)
              host_->keycard_expired(id);
          });
      return [this](const message::Authenticate &a) {
        bouncers_->authenticate(a, [this](const message::AuthenticateReply &reply) {
          if (authenticator_)
            authenticator_->on_reply(reply);
        });
      };
    }
    return [this](const message::Authenticate &a) {
      asio::post(io_, [this, a] {
        if (authenticator_)
          authenticator_->on_reply({a.component_id,
                                    a.request,
                                    message::KeycardState::refused,
                                    {{"reason", "no bouncer named '" + a.bouncer +
                                                    "' (give one with --bouncer)"}}});
      });
    };
  }

  void setup(const message::JobConfig &config) {
    if (host_ || configured_)
      return log(FLU_LOG_WARNING, "already running; second configuration ignored");
    configured_ = true;
    config_ = config;
    log_.name(config_.type, config_.component_id);
    report(mood_.configured(steady_ms(), config_.hungry_timeout_ms));
    figures_->start();
    if (config.bouncer)
      return setup_bouncer();

    try {
      authenticator_ = std::make_unique<Authenticator>(
          io_, config_.component_id, keycard_route_(),
          [this](flu_log_level level, const std::string &text) { log(level, text); });
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "job-setup", e.what()));
      return;
    }
    if (hands_over_)
      handover_ = std::make_unique<JobHandover>(
          io_, config.component_id,
          [this](const std::string &frame, int fd) { output_->to_worker(frame, fd); },
          [this](int code, const std::string &why) { finish(code, why); },
          [this](flu_log_level level, const std::string &text) { log(level, text); });
    feeds_->add(config);
    feeds_->on_fed([this] { asio::post(io_, [this] { on_fed(); }); });
    host_ = std::make_unique<ComponentHost>(make_component_setup(config));
    // Before start(): the component decides there whether to take what the
    // old job still holds (its port) or wait for the handover.
    host_->set_handover_pending(config.takeover && handover_);
    try {
      host_->load();
      GstElement *pipeline = host_->build();
      log(FLU_LOG_DEBUG, "pipeline: " + host_->description());
      feeds_->attach(pipeline);
      watch_eater_leads(pipeline, [this](const std::string &k, const std::string &v) {
        ui_.publish(k, v);
      });
      bus_.watch(pipeline);
      host_->start();
      // Plays now, or once the flow's clock master is followed.
      clock_->attach(pipeline, config_.base_time_ns, [this, pipeline] {
        if (gst_element_set_state(pipeline, GST_STATE_PLAYING) ==
            GST_STATE_CHANGE_FAILURE)
          note(i18n::plain(message::NoteLevel::error, "job-setup",
                           "the pipeline refused to play"));
      });
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "job-setup", e.what()));
      return;
    }
    tick_.expires_after(mood_period);
    tick_.async_wait([this](auto ec) { on_tick(ec); });
  }

  // A bouncer: no pipeline, no eaters; BouncerJob answers the keycards the
  // worker routes here. Happy once it is up.
  void setup_bouncer() {
    try {
      bouncer_ = std::make_unique<BouncerJob>(
          io_, config_, options_.module,
          [this](const std::string &frame) { output_->to_worker(frame); },
          [this](flu_log_level level, const std::string &text) { log(level, text); },
          [this](const std::string &key, const std::string &value) {
            ui_.set(key, value);
          });
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "bouncer-setup", e.what()));
      return;
    }
    report(mood_.serving());
  }

  ComponentSetup make_component_setup(const message::JobConfig &config) {
    ComponentSetup setup;
    setup.component_id = config.component_id;
    setup.type = config.type;
    setup.module = options_.module;
    setup.properties = config.properties;
    for (const auto &[eater, feeds] : config.eaters)
      setup.feed_counts[eater] = static_cast<uint32_t>(feeds.size());
    setup.eater_endpoint = [this](const std::string &eater, uint32_t index) {
      return feeds_->eater_endpoint(eater, index);
    };
    setup.feeder_endpoint = [this](const std::string &feeder) {
      return feeds_->feeder_endpoint(feeder);
    };
    // Modules may call any of these from streaming threads: each goes
    // through the event loop (or, for the UI state, a locked map).
    setup.log = [this](flu_log_level level, const std::string &text) {
      log(level, text);
    };
    setup.message = [this](flu_message_level level, const std::string &id,
                           const std::string &text) {
      message::Note n = i18n::plain(static_cast<message::NoteLevel>(level), id, text);
      asio::post(io_, [this, n] { note(n); });
    };
    setup.note = [this](message::Note n) {
      n.timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      asio::post(io_, [this, n] { note(n); });
    };
    setup.ui_state = [this](const std::string &key, const std::string &value) {
      ui_.publish(key, value);
    };
    setup.authenticate = [this](const std::string &bouncer,
                                message::KeycardFields keycard, KeycardDone done) {
      asio::post(io_, [this, bouncer, keycard = std::move(keycard),
                       done = std::move(done)]() mutable {
        if (!authenticator_)
          return done(message::KeycardState::refused,
                      {{"reason", "the job is stopping"}});
        authenticator_->request(bouncer, std::move(keycard), std::move(done));
      });
    };
    // Hot upgrade, old side: through JobHandover, which keeps the order.
    setup.handover_send = [this](std::string key, std::string data, int fd) {
      if (handover_)
        handover_->item(std::move(key), std::move(data), fd);
      else if (fd >= 0)
        ::close(fd);
    };
    setup.handover_done = [this](std::string error) {
      if (handover_)
        handover_->done(std::move(error));
    };
    setup.hungry = [this](bool hungry, std::string why) {
      asio::post(io_, [this, hungry, why = std::move(why)] { on_hungry(hungry, why); });
    };
    if (watched_)
      setup.component_state = [this](const std::string &id, const std::string &key) {
        return watched_->get(id, key);
      };
    return setup;
  }

  // The pipeline plays before media flows (its feeders do not preroll:
  // JobFeeds::attach), so the mood waits for media on a feeder too.
  void on_playing() {
    if (!host_ || !host_->pipeline())
      return;
    feeds_->pipeline_playing();
    pipeline_playing_ = true;
    on_fed();
  }

  void on_fed() {
    if (finished_ || !pipeline_playing_ || !feeds_->fed() || mood_playing_)
      return;
    mood_playing_ = true;
    report(mood_.playing(steady_ms(), feeds_->last_buffers_ms()));
  }

  // The component waits for its source (ABI 1.5): its message, under one id
  // so that the manager keeps only the latest (each new try may say more),
  // says why; an info under the same id replaces it when it no longer waits.
  void on_hungry(bool hungry, const std::string &why) {
    if (finished_ || (!hungry && !waiting_for_source_))
      return;
    waiting_for_source_ = hungry;
    if (hungry)
      note(i18n::plain(message::NoteLevel::warning, "hungry",
                       why.empty() ? "waiting for its source" : why));
    else
      note(i18n::plain(message::NoteLevel::info, "hungry",
                       why.empty() ? "its source is back" : why));
    report(mood_.component_hungry(hungry, steady_ms(), feeds_->last_buffers_ms()));
  }

  void on_tick(const boost::system::error_code &ec) {
    if (ec || finished_)
      return;
    report(mood_.tick(steady_ms(), feeds_->last_buffers_ms()));
    tick_.expires_after(mood_period);
    tick_.async_wait([this](auto e) { on_tick(e); });
  }

  void report(std::optional<Mood> mood) {
    if (!mood)
      return;
    log(FLU_LOG_INFO, std::string("mood ") + to_string(*mood));
    output_->mood(config_.component_id, *mood);
  }

  void note(const message::Note &n) {
    const std::string text = i18n::render_untranslated(n);
    const auto level = n.level;
    log(level == message::NoteLevel::error ? FLU_LOG_ERROR : FLU_LOG_INFO,
        n.id + ": " + text);
    output_->note(config_.component_id, n, text);
    if (level == message::NoteLevel::error) {
      report(mood_.error());
      // Sad components stay sad (Flumotion's rule); the process has nothing
      // left to do, so it ends and frees what the pipeline held.
      asio::post(io_, [this] { finish(2, "component is sad"); });
    }
  }

  void teardown() {
    clock_->stop();
    bus_.forget();
    // The component hears "refused" for whatever it still waits for before
    // its stop (ComponentHost::stop); the authenticator's own requests then
    // end with it.
    if (host_)
      host_->stop();
    authenticator_.reset();
    console_.reset();
    feeds_->clear();
    host_.reset();
    bouncers_.reset();
    bouncer_.reset();
    output_->close();
  }

  JobOptions options_;
  message::JobConfig config_;
  JobLog log_;
  asio::io_context io_;
  asio::steady_timer tick_;
  asio::signal_set signals_;
  PipelineBus bus_;
  MoodPolicy mood_;
  UiState ui_;
  // Chosen once, by the mode (start_*_mode).
  std::unique_ptr<control::ControlChannel> channel_;
  std::unique_ptr<StandaloneConsole> console_;
  std::unique_ptr<JobOutput> output_;
  ConsoleOutput *console_output_ = nullptr;
  std::unique_ptr<JobFeeds> feeds_;
  std::function<Authenticator::Send()> keycard_route_;
  bool hands_over_ = false;
  std::unique_ptr<asio::steady_timer> deadline_;

  std::unique_ptr<FlowClock> clock_;
  std::unique_ptr<WatchedState> watched_; // worker mode only
  std::unique_ptr<Figures> figures_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<JobHandover> handover_;
  std::unique_ptr<ComponentHost> host_;
  std::unique_ptr<BouncerJob> bouncer_;
  std::unique_ptr<StandaloneBouncers> bouncers_;
  bool configured_ = false;
  bool finished_ = false;
  bool waiting_for_source_ = false; // the component said it is hungry
  bool pipeline_playing_ = false;
  bool mood_playing_ = false; // the mood heard that it plays (and is fed)
  int exit_code_ = 0;
};

} // namespace

int run_job(JobOptions options) {
  Job job(std::move(options));
  return job.run();
}

} // namespace flu::job
