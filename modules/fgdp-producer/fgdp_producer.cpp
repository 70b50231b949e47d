// fgdp-producer: see fgdp_producer.hpp.
#include "fgdp_producer.hpp"

#include "fgdp_settings.hpp"

#include <gst/app/gstappsrc.h>

namespace flu::fgdp {

namespace {
constexpr const char *kSourceName = "fgdp-src";

LinkEvents events_for(const flu::sdk::Host &cfg) {
  LinkEvents e;
  e.message = [cfg](flu_message_level level, const std::string &id,
                    const std::string &text) { cfg.message(level, id, text); };
  e.ui = [cfg](const std::string &key, const std::string &value) {
    cfg.ui_state(key, value);
  };
  e.log = [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); };
  return e;
}
} // namespace

std::string FgdpProducer::pipeline(const flu::sdk::Host &config) {
  read_link_settings(config, Role::producer); // a wrong configuration stops here
  return std::string("appsrc name=") + kSourceName +
         " is-live=true format=bytes do-timestamp=false caps=application/x-gdp "
         "! gdpdepay ! @feeder:default@";
}

FgdpProducer::FgdpProducer(const flu::sdk::Host &config, GstElement *pipeline) {
  appsrc_ = gst_bin_get_by_name(GST_BIN(pipeline), kSourceName);
  if (!appsrc_)
    throw std::runtime_error(std::string("the pipeline has no ") + kSourceName);
  LinkEvents events = events_for(config);
  GstElement *src = appsrc_;
  events.received = [src](const uint8_t *data, size_t size) {
    gst_app_src_push_buffer(GST_APP_SRC(src), gst_buffer_new_memdup(data, size));
  };
  link_ = std::make_unique<Link>(read_link_settings(config, Role::producer),
                                 std::move(events));
}

FgdpProducer::~FgdpProducer() {
  link_.reset(); // no more pushes into the appsrc
  gst_object_unref(appsrc_);
}

} // namespace flu::fgdp
