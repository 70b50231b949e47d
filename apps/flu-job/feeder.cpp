#include "feeder.hpp"

#include <stdexcept>
#include <unistd.h>

namespace flu::job {

std::string Feeder::endpoint(const std::string &feeder) {
  // Flumotion's feeder settings: a feed is a live stream, so a slow eater
  // skips to the latest data rather than stalling its feeder.
  return "gdppay name=flu-feeder-" + feeder + "-pay ! multifdsink name=flu-feeder-" +
         feeder +
         " sync=false buffers-max=500 buffers-soft-max=450 recover-policy=latest";
}

Feeder::~Feeder() {
  for (int fd : waiting_)
    ::close(fd);
  if (sink_)
    gst_object_unref(sink_);
}

void Feeder::attach(GstElement *pipeline) {
  sink_ = gst_bin_get_by_name(GST_BIN(pipeline), ("flu-feeder-" + name_).c_str());
  if (!sink_)
    throw std::runtime_error("the pipeline lost feeder endpoint " + name_);
  // multifdsink leaves closing to its owner.
  g_signal_connect(sink_, "client-fd-removed",
                   G_CALLBACK(+[](GstElement *, gint fd, gpointer) { ::close(fd); }),
                   nullptr);
}

void Feeder::add_client(int fd) {
  if (!playing_ || !sink_) {
    waiting_.push_back(fd);
    return;
  }
  g_signal_emit_by_name(sink_, "add", fd);
}

void Feeder::pipeline_playing() {
  playing_ = true;
  for (int fd : waiting_)
    g_signal_emit_by_name(sink_, "add", fd);
  waiting_.clear();
}

} // namespace flu::job
