#include "job.hpp"

#include "component_host.hpp"
#include "control/control_channel.hpp"
#include "eater.hpp"
#include "feeder.hpp"
#include "i18n/translate.hpp"
#include "message/codec.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace flu::job {
namespace {

namespace asio = boost::asio;

int debug_level() {
  const char *v = std::getenv("FLU_DEBUG");
  return v ? std::atoi(v) : FLU_LOG_INFO;
}

class Job {
public:
  explicit Job(JobOptions options)
      : options_(std::move(options)), tick_(io_), signals_(io_) {}

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
  void log(flu_log_level level, const std::string &text) {
    if (level <= debug_level())
      std::cerr << "[" << config_.type << ":" << config_.avatar_id << "] " << text
                << std::endl;
  }

  void on_frame(const message::Envelope &e, int fd) {
    try {
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
            eater->connect_to(m.host, m.port);
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

  void setup(const message::JobConfig &config) {
    if (host_)
      return log(FLU_LOG_WARNING, "already running; second configuration ignored");
    config_ = config;
    started_ms_ = steady_ms();
    report_mood(Mood::waking);
    ComponentSetup setup;
    setup.avatar_id = config.avatar_id;
    setup.type = config.type;
    setup.module = options_.module;
    setup.properties = config.properties;
    const bool standalone = options_.control_fd < 0;
    for (const auto &[eater, feeds] : config.eaters) {
      setup.feed_counts[eater] = static_cast<uint32_t>(feeds.size());
      for (uint32_t i = 0; i < feeds.size(); ++i)
        if (!standalone)
          eaters_.push_back(std::make_unique<Eater>(
              io_, eater, i, feeds[i],
              [this](const std::string &text) { log(FLU_LOG_INFO, text); }));
    }
    for (const auto &name : config.feeders)
      if (!standalone)
        feeders_.push_back(std::make_unique<Feeder>(name));
    setup.eater_endpoint = [this, standalone](const std::string &eater, uint32_t index) {
      if (!standalone)
        return Eater::endpoint(eater, index);
      auto it = options_.eater_fragments.find(eater + ":" + std::to_string(index));
      if (it == options_.eater_fragments.end() && index == 0)
        it = options_.eater_fragments.find(eater);
      if (it == options_.eater_fragments.end())
        throw std::runtime_error("no --eater given for " + eater + ":" +
                                 std::to_string(index));
      return it->second;
    };
    setup.feeder_endpoint = [this, standalone](const std::string &feeder) {
      if (!standalone)
        return Feeder::endpoint(feeder);
      auto it = options_.feeder_fragments.find(feeder);
      return it == options_.feeder_fragments.end() ? std::string("fakesink sync=false")
                                                   : it->second;
    };
    setup.log = [this](flu_log_level level, const std::string &text) {
      log(level, text);
    };
    setup.message = [this](flu_message_level level, const std::string &id,
                           const std::string &text) {
      // Modules may call from streaming threads.
      asio::post(io_, [this, level, id, text] { note(level, id, text); });
    };
    host_ = std::make_unique<ComponentHost>(std::move(setup));
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
      note(FLU_MESSAGE_ERROR, "job-setup", e.what());
      return;
    }
    tick_.expires_after(std::chrono::milliseconds(500));
    tick_.async_wait([this](auto ec) { on_tick(ec); });
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
      note(error ? FLU_MESSAGE_ERROR : FLU_MESSAGE_WARNING,
           error ? "pipeline-error" : "pipeline-warning", text);
      break;
    }
    case GST_MESSAGE_EOS:
      note(FLU_MESSAGE_ERROR, "pipeline-eos", "the stream ended");
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
          config_.avatar_id, mood, static_cast<uint32_t>(getpid())}));
    else
      std::cout << "mood: " << to_string(mood) << std::endl;
  }

  void note(flu_message_level level, const std::string &id, const std::string &text) {
    log(level == FLU_MESSAGE_ERROR ? FLU_LOG_ERROR : FLU_LOG_INFO, id + ": " + text);
    message::Note n = i18n::plain(static_cast<uint8_t>(level), id, text);
    if (channel_)
      channel_->send(message::pack(message::ComponentNote{config_.avatar_id, n}));
    else
      std::cout << "note: " << int(level) << " " << id << ": " << text << std::endl;
    if (level == FLU_MESSAGE_ERROR) {
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
    if (deadline_)
      deadline_->cancel();
    signals_.cancel();
    teardown();
    io_.stop();
  }

  void teardown() {
    if (host_)
      host_->stop();
    eaters_.clear();
    feeders_.clear();
    host_.reset();
    if (channel_)
      channel_->close();
  }

  JobOptions options_;
  message::JobConfig config_;
  asio::io_context io_;
  asio::steady_timer tick_;
  asio::signal_set signals_;
  std::unique_ptr<asio::steady_timer> deadline_;
  std::unique_ptr<control::ControlChannel> channel_;
  std::vector<std::unique_ptr<Eater>> eaters_;
  std::vector<std::unique_ptr<Feeder>> feeders_;
  std::unique_ptr<ComponentHost> host_;
  Mood mood_ = Mood::unknown;
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
