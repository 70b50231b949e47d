// disk-consumer: see disk_consumer.hpp.
#include "disk_consumer.hpp"

#include "file_name.hpp"
#include "schedule_driver.hpp"

#include <flu/sdk/buffer_bytes.hpp>
#include <gst/app/gstappsink.h>

#include <ctime>
#include <mutex>
#include <stdexcept>

namespace flu::disk_consumer {

namespace {

constexpr const char *kSinkName = "disk-sink";

std::string optional_string(const flu::sdk::Host &config, const char *name) {
  return config.has(name) ? config.string(name) : std::string();
}

// A relative symlink name is taken inside the recording directory.
std::filesystem::path link_path(const flu::sdk::Host &config, const char *name,
                                const std::filesystem::path &directory) {
  const std::string value = optional_string(config, name);
  if (value.empty())
    return {};
  const std::filesystem::path path(value);
  return path.is_absolute() ? path : directory / path;
}

RecorderSettings read_settings(const flu::sdk::Host &config) {
  RecorderSettings s;
  s.directory = config.string("directory");
  if (s.directory.empty())
    throw std::runtime_error("directory must name the directory to record into");
  std::string name = config.component_id();
  name = name.substr(name.rfind('/') + 1);
  s.name_template =
      config.has("filename") ? config.string("filename") : name + ".%Y%m%d-%H%M%S";
  expand_template(s.name_template, std::time(nullptr)); // throws when unusable
  const std::string rotate = config.string("rotate-type");
  if (rotate == "size") {
    if (!config.has("size"))
      throw std::runtime_error("rotate-type 'size' needs the property 'size' (bytes)");
    s.rotate = RecorderSettings::Rotate::size;
    s.size_bytes = static_cast<uint64_t>(config.integer("size", 1, INT64_MAX));
  } else if (rotate == "time") {
    if (!config.has("time"))
      throw std::runtime_error("rotate-type 'time' needs the property 'time' (seconds)");
    s.rotate = RecorderSettings::Rotate::time;
    s.time = std::chrono::seconds(config.integer("time", 1, INT32_MAX));
  } else if (rotate != "none") {
    throw std::runtime_error("rotate-type must be 'size', 'time' or 'none', not '" +
                             rotate + "'");
  }
  s.current_link = link_path(config, "symlink-to-current-recording", s.directory);
  s.last_link = link_path(config, "symlink-to-last-recording", s.directory);
  return s;
}

StreamFormat format_of(GstCaps *caps) {
  StreamFormat f;
  if (!caps || gst_caps_get_size(caps) == 0)
    return f;
  const GstStructure *s = gst_caps_get_structure(caps, 0);
  f.extension = extension_for(gst_structure_get_name(s));
  f.headers = flu::sdk::stream_headers(caps);
  return f;
}

} // namespace

struct DiskConsumer::SinkLink {
  std::mutex mutex;
  Recorder recorder;
  GstCaps *caps = nullptr; // the caps the recorder has the format of
  flu::sdk::Host config;
  SinkLink(RecorderSettings s, RecorderReport r, const flu::sdk::Host &c)
      : recorder(std::move(s), std::move(r)), config(c) {}
  ~SinkLink() { gst_caps_replace(&caps, nullptr); }
};

namespace {

using Link = std::shared_ptr<DiskConsumer::SinkLink>;

GstFlowReturn on_new_sample(GstAppSink *sink, gpointer data) {
  auto &link = *static_cast<Link *>(data);
  GstSample *sample = gst_app_sink_pull_sample(sink);
  if (!sample)
    return GST_FLOW_FLUSHING;
  try {
    std::lock_guard lock(link->mutex);
    GstCaps *caps = gst_sample_get_caps(sample);
    if (caps && (!link->caps || !gst_caps_is_equal(caps, link->caps))) {
      gst_caps_replace(&link->caps, caps);
      link->recorder.format(format_of(caps));
    }
    GstBuffer *buffer = gst_sample_get_buffer(sample);
    // Header buffers repeat the caps' streamheader, which every file gets.
    if (buffer && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_HEADER))
      link->recorder.piece({flu::sdk::buffer_bytes(buffer),
                            !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT)});
  } catch (const std::exception &e) {
    link->config.log(FLU_LOG_WARNING, e.what());
  }
  gst_sample_unref(sample);
  return GST_FLOW_OK; // whatever the disk does, the feed flows on
}

void on_eos(GstAppSink *, gpointer data) {
  (*static_cast<Link *>(data))->recorder.end_of_stream();
}

void free_link(gpointer data) { delete static_cast<Link *>(data); }

} // namespace

std::string DiskConsumer::pipeline(const flu::sdk::Host &config) {
  // A wrong configuration stops the job here.
  read_settings(config);
  if (config.has("ical-schedule"))
    ScheduleDriver::check(config.string("ical-schedule"));
  return std::string("@eater:default@ ! appsink name=") + kSinkName +
         " sync=false enable-last-sample=false wait-on-eos=false";
}

DiskConsumer::DiskConsumer(const flu::sdk::Host &config, GstElement *pipeline)
    : config_(config) {
  RecorderSettings settings = read_settings(config);
  const flu::sdk::Host cfg = config;
  RecorderReport report{
      .message = [cfg](flu_message_level level, const std::string &id,
                       const std::string &text) { cfg.message(level, id, text); },
      .ui = [cfg](const std::string &key,
                  const std::string &value) { cfg.ui_state(key, value); },
      .log = [cfg](flu_log_level level,
                   const std::string &text) { cfg.log(level, text); },
  };
  const char *rotation = settings.rotate == RecorderSettings::Rotate::size   ? "size"
                         : settings.rotate == RecorderSettings::Rotate::time ? "time"
                                                                             : "none";
  config.ui_state("rotate-type", rotation);
  config.ui_state("directory", settings.directory.string());
  const std::string name_template = settings.name_template;
  link_ = std::make_shared<SinkLink>(std::move(settings), std::move(report), config);

  GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), kSinkName);
  if (!sink)
    throw std::runtime_error(std::string("the pipeline has no ") + kSinkName);
  GstAppSinkCallbacks callbacks{};
  callbacks.new_sample = &on_new_sample;
  callbacks.eos = &on_eos;
  gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, new Link(link_), &free_link);
  gst_object_unref(sink);

  if (config.has("ical-schedule")) {
    schedule_ = std::make_unique<ScheduleDriver>(
        config.string("ical-schedule"), link_->recorder, name_template,
        [cfg](const std::string &text) {
          cfg.message(FLU_MESSAGE_WARNING, "disk-consumer-schedule", text);
        },
        [cfg](const std::string &key, const std::string &value) {
          cfg.ui_state(key, value);
        });
  } else if (config.boolean("start-recording")) {
    link_->recorder.start({}, std::time(nullptr));
  }
}

// The pipeline (and with it the appsink's share of the link) may outlive
// us: the file under way ends now, not whenever that goes.
DiskConsumer::~DiskConsumer() {
  schedule_.reset();
  link_->recorder.finish();
}

std::string DiskConsumer::invoke(const std::string &method,
                                 const std::vector<std::string> &args) {
  if (method == "start-recording" || method == "change-filename") {
    if (args.size() > 1)
      throw std::runtime_error(method +
                               " takes at most one argument, a file name template");
    const std::string name_template = args.empty() ? std::string() : args[0];
    if (!name_template.empty())
      expand_template(name_template, std::time(nullptr));
    link_->recorder.start(name_template, std::time(nullptr));
    return "a new recording starts at the next keyframe";
  }
  if (method == "stop-recording") {
    link_->recorder.stop();
    return "recording stops";
  }
  if (method == "status")
    return link_->recorder.status();
  throw std::runtime_error(
      "unknown method '" + method +
      "' (start-recording, change-filename, stop-recording, status)");
}

} // namespace flu::disk_consumer
