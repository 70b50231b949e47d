#include "job.hpp"

#include "authenticator.hpp"
#include "component_host.hpp"
#include "control/control_channel.hpp"
#include "eater.hpp"
#include "feeder.hpp"
#include "handover.hpp"
#include "i18n/translate.hpp"
#include "message/codec.hpp"
#include "process_stats.hpp"
#include "standalone_console.hpp"
#include "ui_state.hpp"

#include "bouncer_job.hpp"
#include "standalone_bouncers.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

namespace flu::job {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// The UI state goes out at most this often; the job's own figures are taken
// every fourth time (2 s).
constexpr auto ui_period = 500ms;
constexpr int ui_stats_every = 4;

int debug_level() {
  const char *v = std::getenv("FLU_DEBUG");
  return v ? std::atoi(v) : FLU_LOG_INFO;
}

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

class Job {
public:
  explicit Job(JobOptions options)
      : options_(std::move(options)), tick_(io_), ui_timer_(io_), signals_(io_) {}

  int run() {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.async_wait([this](auto ec, int) {
      if (!ec)
        finish(0, "asked to stop");
    });
    if (options_.control_fd >= 0) {
      channel_ = std::make_unique<control::ControlChannel>(
          io_, options_.control_fd,
          [this](const message::Envelope &e, int fd) { on_frame(e, fd); },
          [this](const std::string &why) {
            finish(0, "control channel closed: " + why);
          });
      channel_->start();
    } else {
      console_ = std::make_unique<StandaloneConsole>(
          io_, [this](const std::vector<std::string> &words) { on_command(words); });
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
    io_.run();
    teardown();
    return exit_code_;
  }

private:
  bool standalone() const { return options_.control_fd < 0; }

  void log(flu_log_level level, const std::string &text) {
    if (level <= debug_level())
      std::cerr << "[" << config_.type << ":" << config_.avatar_id << "] " << text
                << std::endl;
  }

  // Standalone mode's output: one line per event, for people and tests.
  void print(const std::string &line) { std::cout << line << std::endl; }

  void on_frame(const message::Envelope &e, int fd) {
    try {
      if (bouncer_ && bouncer_->on_frame(e)) {
        if (fd >= 0)
          ::close(fd);
        return;
      }
      switch (static_cast<message::Type>(e.type)) {
      case message::Type::start_component:
        setup(message::decode<message::StartComponent>(e.payload).config);
        break;
      case message::Type::stop_component:
        finish(0, "stopped by the worker");
        break;
      case message::Type::feed_address: {
        const auto m = message::decode<message::FeedAddress>(e.payload);
        for (auto &eater : eaters_)
          if (eater->feed_id() == m.feed_id)
            eater->connect_to(m.host, m.port, m.avatar_id, m.token);
        break;
      }
      case message::Type::feed_client: {
        const auto m = message::decode<message::FeedClient>(e.payload);
        for (auto &feeder : feeders_)
          if (feeder->name() == m.feeder && fd >= 0) {
            feeder->add_client(fd);
            fd = -1;
          }
        break;
      }
      case message::Type::invoke: {
        const auto m = message::decode<message::Invoke>(e.payload);
        message::InvokeResult result{config_.avatar_id, m.request, false, {}};
        try {
          result.result = invoke(m.method, m.args);
          result.ok = true;
        } catch (const std::exception &ex) {
          result.result = ex.what();
        }
        channel_->send(message::pack(result, e.request_id));
        break;
      }
      case message::Type::authenticate_reply:
        if (authenticator_)
          authenticator_->on_reply(
              message::decode<message::AuthenticateReply>(e.payload));
        break;
      case message::Type::handover_begin:
        message::decode<message::HandoverBegin>(e.payload);
        if (handover_)
          handover_->begin(host_.get());
        break;
      case message::Type::handover_item:
        if (handover_)
          handover_->in(host_.get(), message::decode<message::HandoverItem>(e.payload),
                        std::exchange(fd, -1));
        break;
      case message::Type::handover_end:
        if (handover_)
          handover_->end(host_.get(), message::decode<message::HandoverEnd>(e.payload));
        break;
      case message::Type::keycard_expired: {
        const auto m = message::decode<message::KeycardExpired>(e.payload);
        log(FLU_LOG_INFO, "keycard " + m.keycard_id + " expired: " + m.reason);
        if (host_)
          host_->keycard_expired(m.keycard_id);
        break;
      }
      default:
        log(FLU_LOG_WARNING,
            std::string("unexpected message ") + message::type_name(e.type));
      }
    } catch (const std::exception &ex) {
      log(FLU_LOG_WARNING, std::string("bad message from worker: ") + ex.what());
    }
    if (fd >= 0)
      ::close(fd);
  }

  // Standalone mode's commands (standalone_console.hpp).
  void on_command(const std::vector<std::string> &words) {
    const std::string &verb = words[0];
    if (verb == "invoke" && words.size() >= 2) {
      const std::vector<std::string> args(words.begin() + 2, words.end());
      try {
        std::string result = invoke(words[1], args);
        if (!result.empty() && result.back() == '\n')
          result.pop_back(); // print() ends the line
        print("invoke: " + words[1] + " ok: " + result);
      } catch (const std::exception &e) {
        print("invoke: " + words[1] + " failed: " + e.what());
      }
    } else if (verb == "expire" && words.size() == 2) {
      expire_standalone(words[1]);
    } else if (verb == "stop") {
      finish(0, "asked to stop");
    } else {
      print("commands: invoke METHOD [ARG...] | expire KEYCARD-ID | stop");
    }
  }

  void expire_standalone(const std::string &keycard_id) {
    // Through the bouncer that issued it, which then tells its holder.
    if (bouncers_ && bouncers_->expire(keycard_id, "expired by the operator"))
      return;
    // No bouncer knows it: tell the component directly, as if one had.
    print("keycard: " + keycard_id + " expired: expired by the operator");
    if (host_)
      host_->keycard_expired(keycard_id);
  }

  // A method of the component, or one the job answers for every component
  // (ui-state, properties) when the component does not take it.
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    if (!host_ || !host_->pipeline())
      throw std::runtime_error("the component is not running");
    try {
      return host_->invoke(method, args);
    } catch (const std::exception &) {
      if (auto answer = built_in(method))
        return *answer;
      throw;
    }
  }

  std::optional<std::string> built_in(const std::string &method) {
    if (method == "ui-state") {
      return ui_.dump();
    }
    if (method == "properties") {
      std::string out;
      for (const auto &[name, values] : host_->setup().properties)
        for (const auto &value : values)
          out += name + "=" + value + "\n";
      return out;
    }
    return std::nullopt;
  }

  void setup(const message::JobConfig &config) {
    if (host_ || configured_)
      return log(FLU_LOG_WARNING, "already running; second configuration ignored");
    configured_ = true;
    config_ = config;
    started_ms_ = steady_ms();
    report_mood(Mood::waking);
    ui_.set("start-time", std::to_string(process_.start_time_unix()));
    ui_timer_.expires_after(ui_period);
    ui_timer_.async_wait([this](auto ec) { on_ui_tick(ec); });
    if (config.bouncer)
      return setup_bouncer();

    try {
      make_authenticator();
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "job-setup", e.what()));
      return;
    }
    if (channel_)
      handover_ = std::make_unique<JobHandover>(
          io_, config.avatar_id,
          [this](const std::string &frame, int fd) {
            if (channel_)
              channel_->send(frame, fd);
          },
          [this](int code, const std::string &why) { finish(code, why); },
          [this](flu_log_level level, const std::string &text) { log(level, text); });
    host_ = std::make_unique<ComponentHost>(make_component_setup(config));
    // Before start(): the component decides there whether to take what the
    // old job still holds (its port) or wait for the handover.
    host_->set_handover_pending(config.takeover && handover_);
    try {
      host_->load();
      GstElement *pipeline = host_->build();
      log(FLU_LOG_DEBUG, "pipeline: " + host_->description());
      for (auto &eater : eaters_)
        eater->attach(pipeline);
      for (auto &feeder : feeders_)
        feeder->attach(pipeline);
      use_flow_clock(pipeline);
      watch_bus(pipeline);
      host_->start();
      if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error("the pipeline refused to play");
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "job-setup", e.what()));
      return;
    }
    tick_.expires_after(std::chrono::milliseconds(500));
    tick_.async_wait([this](auto ec) { on_tick(ec); });
  }

  // A bouncer: no pipeline, no eaters; BouncerJob answers the keycards the
  // worker routes here. Happy once it is up.
  void setup_bouncer() {
    try {
      bouncer_ = std::make_unique<BouncerJob>(
          io_, config_, options_.module,
          [this](const std::string &frame) {
            if (channel_)
              channel_->send(frame);
          },
          [this](flu_log_level level, const std::string &text) { log(level, text); });
    } catch (const std::exception &e) {
      note(i18n::plain(message::NoteLevel::error, "bouncer-setup", e.what()));
      return;
    }
    report_mood(Mood::happy);
  }

  // Where the component's keycards go: the worker (which routes them to the
  // bouncer's job), or in standalone mode the bouncers given on the command
  // line.
  void make_authenticator() {
    Authenticator::Send send;
    if (!standalone()) {
      send = [this](const message::Authenticate &a) { channel_->send(message::pack(a)); };
    } else {
      if (!options_.bouncers.empty())
        bouncers_ = std::make_unique<StandaloneBouncers>(
            io_, options_.bouncers,
            [this](flu_log_level level, const std::string &text) { log(level, text); },
            [this](const std::string &line) { print(line); },
            [this](const std::string &requester, const std::string &id,
                   const std::string &) {
              if (host_ && requester == config_.avatar_id)
                host_->keycard_expired(id);
            });
      if (bouncers_) {
        send = [this](const message::Authenticate &a) {
          bouncers_->authenticate(a, [this](const message::AuthenticateReply &reply) {
            if (authenticator_)
              authenticator_->on_reply(reply);
          });
        };
      }
      if (!send)
        send = [this](const message::Authenticate &a) {
          asio::post(io_, [this, a] {
            if (authenticator_)
              authenticator_->on_reply({a.avatar_id,
                                        a.request,
                                        message::KeycardState::refused,
                                        {{"reason", "no bouncer named '" + a.bouncer +
                                                        "' (give one with --bouncer)"}}});
          });
        };
    }
    authenticator_ = std::make_unique<Authenticator>(
        io_, config_.avatar_id, std::move(send),
        [this](flu_log_level level, const std::string &text) { log(level, text); });
  }

  ComponentSetup make_component_setup(const message::JobConfig &config) {
    ComponentSetup setup;
    setup.avatar_id = config.avatar_id;
    setup.type = config.type;
    setup.module = options_.module;
    setup.properties = config.properties;
    for (const auto &[eater, feeds] : config.eaters) {
      setup.feed_counts[eater] = static_cast<uint32_t>(feeds.size());
      for (uint32_t i = 0; i < feeds.size(); ++i)
        if (!standalone())
          eaters_.push_back(std::make_unique<Eater>(
              io_, eater, i, feeds[i],
              [this](const std::string &text) { log(FLU_LOG_INFO, text); }));
    }
    for (const auto &name : config.feeders)
      if (!standalone())
        feeders_.push_back(std::make_unique<Feeder>(name));
    setup.eater_endpoint = [this](const std::string &eater, uint32_t index) {
      if (!standalone())
        return Eater::endpoint(eater, index);
      auto it = options_.eater_fragments.find(eater + ":" + std::to_string(index));
      if (it == options_.eater_fragments.end() && index == 0)
        it = options_.eater_fragments.find(eater);
      if (it == options_.eater_fragments.end())
        throw std::runtime_error("no --eater given for " + eater + ":" +
                                 std::to_string(index));
      return it->second;
    };
    setup.feeder_endpoint = [this](const std::string &feeder) {
      if (!standalone())
        return Feeder::endpoint(feeder);
      auto it = options_.feeder_fragments.find(feeder);
      return it == options_.feeder_fragments.end() ? std::string("fakesink sync=false")
                                                   : it->second;
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
    return setup;
  }

  // Every job of a flow shares one clock origin, so that timestamps from
  // different processes (audio and video into one muxer) line up.
  void use_flow_clock(GstElement *pipeline) {
    if (!config_.base_time_ns)
      return;
    GstClock *clock = gst_system_clock_obtain();
    g_object_set(clock, "clock-type", GST_CLOCK_TYPE_REALTIME, nullptr);
    gst_pipeline_use_clock(GST_PIPELINE(pipeline), clock);
    gst_object_unref(clock);
    gst_element_set_start_time(pipeline, GST_CLOCK_TIME_NONE);
    gst_element_set_base_time(pipeline, config_.base_time_ns);
  }

  void watch_bus(GstElement *pipeline) {
    GstBus *bus = gst_element_get_bus(pipeline);
    gst_bus_set_sync_handler(
        bus,
        [](GstBus *, GstMessage *msg, gpointer data) {
          auto *self = static_cast<Job *>(data);
          gst_message_ref(msg);
          asio::post(self->io_, [self, msg] {
            self->on_bus(msg);
            gst_message_unref(msg);
          });
          return GST_BUS_DROP;
        },
        this, nullptr);
    gst_object_unref(bus);
  }

  void on_bus(GstMessage *msg) {
    if (!host_ || !host_->pipeline())
      return;
    switch (GST_MESSAGE_TYPE(msg)) {
    case GST_MESSAGE_ERROR:
    case GST_MESSAGE_WARNING: {
      GError *err = nullptr;
      gchar *debug = nullptr;
      const bool error = GST_MESSAGE_TYPE(msg) == GST_MESSAGE_ERROR;
      if (error)
        gst_message_parse_error(msg, &err, &debug);
      else
        gst_message_parse_warning(msg, &err, &debug);
      std::string text = std::string(GST_OBJECT_NAME(GST_MESSAGE_SRC(msg))) + ": " +
                         (err ? err->message : "unknown");
      log(FLU_LOG_DEBUG, debug ? debug : "");
      g_clear_error(&err);
      g_free(debug);
      note(i18n::plain(error ? message::NoteLevel::error : message::NoteLevel::warning,
                       error ? "pipeline-error" : "pipeline-warning", text));
      break;
    }
    case GST_MESSAGE_EOS:
      note(i18n::plain(message::NoteLevel::error, "pipeline-eos", "the stream ended"));
      break;
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC(msg) == GST_OBJECT(host_->pipeline())) {
        GstState old_state, new_state;
        gst_message_parse_state_changed(msg, &old_state, &new_state, nullptr);
        if (new_state == GST_STATE_PLAYING && !playing_) {
          playing_ = true;
          for (auto &feeder : feeders_)
            feeder->pipeline_playing();
          evaluate_mood();
        }
      }
      break;
    default:
      break;
    }
  }

  void on_tick(const boost::system::error_code &ec) {
    if (ec || finished_)
      return;
    evaluate_mood();
    tick_.expires_after(std::chrono::milliseconds(500));
    tick_.async_wait([this](auto e) { on_tick(e); });
  }

  void on_ui_tick(const boost::system::error_code &ec) {
    if (ec || finished_)
      return;
    if (ui_ticks_++ % ui_stats_every == 0)
      measure();
    send_ui_changes();
    ui_timer_.expires_after(ui_period);
    ui_timer_.async_wait([this](auto e) { on_ui_tick(e); });
  }

  // The job's own figures: the process, each feeder and each eater.
  void measure() {
    if (const auto cpu = process_.cpu_percent())
      ui_.set("cpu-percent", one_decimal(*cpu));
    if (const auto rss = process_.resident_bytes())
      ui_.set("memory-bytes", std::to_string(*rss));
    ui_.set("uptime-seconds", std::to_string(process_.uptime_seconds()));
    const int64_t now = steady_ms();
    const double seconds = static_cast<double>(now - measured_ms_) / 1000.0;
    for (const auto &feeder : feeders_) {
      const std::string key = "feeder:" + feeder->name() + ":";
      const uint64_t bytes = feeder->bytes();
      uint64_t &last = feeder_bytes_[feeder->name()];
      if (measured_ms_ && seconds > 0)
        ui_.set(key + "bitrate",
                std::to_string(static_cast<uint64_t>((bytes - last) * 8 / seconds)));
      last = bytes;
      ui_.set(key + "clients", std::to_string(feeder->clients()));
    }
    for (const auto &eater : eaters_) {
      const std::string key =
          "eater:" + eater->name() + ":" + std::to_string(eater->index()) + ":";
      ui_.set(key + "connected", eater->connected() ? "true" : "false");
      if (const int64_t last = eater->last_buffer_ms())
        ui_.set(key + "last-data-seconds", std::to_string((now - last) / 1000));
    }
    measured_ms_ = now;
  }

  void send_ui_changes() {
    message::Values changes = ui_.take_changes();
    if (changes.empty())
      return;
    if (channel_) {
      channel_->send(
          message::pack(message::UiState{config_.avatar_id, std::move(changes)}));
      return;
    }
    for (const auto &[key, values] : changes)
      print("ui: " + key + "=" + (values.empty() ? std::string() : values.front()));
  }

  // Hungry when an eater has had no buffer for the hungry timeout (counted
  // from the start when it never had one); happy when the pipeline plays and
  // every eater is fed; waking until then.
  void evaluate_mood() {
    if (mood_ == Mood::sad)
      return;
    const int64_t now = steady_ms();
    bool hungry = false;
    for (const auto &eater : eaters_) {
      const int64_t last = eater->last_buffer_ms();
      hungry = hungry || now - (last ? last : started_ms_) > config_.hungry_timeout_ms;
    }
    if (hungry)
      report_mood(Mood::hungry);
    else if (playing_)
      report_mood(Mood::happy);
  }

  void report_mood(Mood mood) {
    if (mood == mood_)
      return;
    mood_ = mood;
    log(FLU_LOG_INFO, std::string("mood ") + to_string(mood));
    if (channel_)
      channel_->send(message::pack(message::ComponentMood{
          config_.avatar_id, mood, static_cast<uint32_t>(getpid()), {}}));
    else
      print(std::string("mood: ") + to_string(mood));
  }

  void note(const message::Note &n) {
    const std::string text = i18n::render_untranslated(n);
    log(n.level == message::NoteLevel::error ? FLU_LOG_ERROR : FLU_LOG_INFO,
        n.id + ": " + text);
    if (channel_)
      channel_->send(message::pack(message::ComponentNote{config_.avatar_id, n}));
    else
      print("note: " + std::to_string(static_cast<int>(n.level)) + " " + n.id + ": " +
            text);
    if (n.level == message::NoteLevel::error) {
      report_mood(Mood::sad);
      // Sad components stay sad (Flumotion's rule); the process has nothing
      // left to do, so it ends and frees what the pipeline held.
      asio::post(io_, [this] { finish(2, "component is sad"); });
    }
  }

  void finish(int code, const std::string &why) {
    if (finished_)
      return;
    finished_ = true;
    exit_code_ = code;
    log(FLU_LOG_INFO, "job ends: " + why);
    tick_.cancel();
    ui_timer_.cancel();
    if (deadline_)
      deadline_->cancel();
    signals_.cancel();
    teardown();
    io_.stop();
  }

  void teardown() {
    // The component hears "refused" for whatever it still waits for before
    // its stop (ComponentHost::stop); the authenticator's own requests then
    // end with it.
    if (host_)
      host_->stop();
    authenticator_.reset();
    console_.reset();
    eaters_.clear();
    feeders_.clear();
    host_.reset();
    bouncers_.reset();
    bouncer_.reset();
    if (channel_)
      channel_->close();
  }

  JobOptions options_;
  message::JobConfig config_;
  asio::io_context io_;
  asio::steady_timer tick_;
  asio::steady_timer ui_timer_;
  asio::signal_set signals_;
  std::unique_ptr<asio::steady_timer> deadline_;
  std::unique_ptr<control::ControlChannel> channel_;
  std::unique_ptr<StandaloneConsole> console_;
  std::vector<std::unique_ptr<Eater>> eaters_;
  std::vector<std::unique_ptr<Feeder>> feeders_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<JobHandover> handover_;
  std::unique_ptr<ComponentHost> host_;
  std::unique_ptr<BouncerJob> bouncer_;
  std::unique_ptr<StandaloneBouncers> bouncers_;
  UiState ui_;
  ProcessStats process_;
  int ui_ticks_ = 0;
  int64_t measured_ms_ = 0;
  std::map<std::string, uint64_t> feeder_bytes_;
  Mood mood_ = Mood::unknown;
  bool configured_ = false;
  bool playing_ = false;
  int64_t started_ms_ = 0;
  bool finished_ = false;
  int exit_code_ = 0;
};

} // namespace

int run_job(JobOptions options) {
  Job job(std::move(options));
  return job.run();
}

} // namespace flu::job
