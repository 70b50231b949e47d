// What the job hears from its pipeline's bus (see pipeline_bus.hpp).
#include "pipeline_bus.hpp"

#include "i18n/translate.hpp"
#include "job_output.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace flu::job {

void PipelineBus::watch(GstElement *pipeline) {
  pipeline_ = pipeline;
  GstBus *bus = gst_element_get_bus(pipeline);
  gst_bus_set_sync_handler(
      bus,
      [](GstBus *bus, GstMessage *msg, gpointer data) {
        // GStreamer emits "sync-message" only for messages the sync handler
        // passes; this one drops them all, so it emits the signal itself for
        // the SDK helpers that listen to it (flu/sdk/level_meter.hpp).
        gst_bus_sync_signal_handler(bus, msg, nullptr);
        auto *self = static_cast<PipelineBus *>(data);
        gst_message_ref(msg);
        boost::asio::post(self->io_, [self, msg] {
          self->on_message(msg);
          gst_message_unref(msg);
        });
        return GST_BUS_DROP;
      },
      this, nullptr);
  gst_object_unref(bus);
}

void PipelineBus::on_message(GstMessage *msg) {
  if (!pipeline_)
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
    events_.log(FLU_LOG_DEBUG, debug ? debug : "");
    g_clear_error(&err);
    g_free(debug);
    events_.note(
        i18n::plain(error ? message::NoteLevel::error : message::NoteLevel::warning,
                    error ? "pipeline-error" : "pipeline-warning", text));
    break;
  }
  case GST_MESSAGE_EOS:
    events_.note(
        i18n::plain(message::NoteLevel::error, "pipeline-eos", "the stream ended"));
    break;
  case GST_MESSAGE_STATE_CHANGED:
    if (GST_MESSAGE_SRC(msg) == GST_OBJECT(pipeline_)) {
      GstState old_state, new_state;
      gst_message_parse_state_changed(msg, &old_state, &new_state, nullptr);
      if (new_state == GST_STATE_PLAYING && !playing_) {
        playing_ = true;
        events_.playing();
      }
    }
    break;
  default:
    break;
  }
}

} // namespace flu::job
