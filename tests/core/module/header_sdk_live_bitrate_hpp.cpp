// <flu/sdk/live_bitrate.hpp> compiles on its own: this translation unit
// includes nothing else. The function drives it over fakesrc's num-buffers
// (a gint, as vp8enc's target-bitrate is) with a host that records the UI
// state, so that sdk_headers_test.cpp checks set-bitrate end to end.
#include <flu/sdk/live_bitrate.hpp>

namespace {

std::string ui_bitrate;

const char *no_id(void *) { return "/test/live-bitrate"; }
uint32_t no_count(void *, const char *) { return 0; }
const char *no_value(void *, const char *, uint32_t) { return nullptr; }
uint32_t no_feeds(void *, const char *) { return 0; }
void no_log(void *, flu_log_level, const char *) {}
void no_message(void *, flu_message_level, const char *, const char *) {}
void record_ui(void *, const char *key, const char *value) {
  if (std::string(key) == "bitrate")
    ui_bitrate = value;
}

} // namespace

// "OK UI" after set-bitrate 40 (40 units of 10 bit/s: 400), or the error.
std::string flu_test_live_bitrate(const std::string &bps) {
  gst_init(nullptr, nullptr);
  flu_host host{};
  host.struct_size = sizeof(flu_host);
  host.component_id = no_id;
  host.value_count = no_count;
  host.value = no_value;
  host.feed_count = no_feeds;
  host.log = no_log;
  host.message = no_message;
  host.ui_state = record_ui;
  GstElement *pipeline =
      gst_parse_launch("fakesrc name=enc num-buffers=7 ! fakesink", nullptr);
  std::string out;
  try {
    flu::sdk::LiveBitrate bitrate(flu::sdk::Config(&host), pipeline, "enc", "num-buffers",
                                  100, 1000, 10);
    out = "before " + ui_bitrate;
    out += " set " + bitrate.invoke("set-bitrate", {bps});
    out += " ui " + ui_bitrate;
  } catch (const std::exception &e) {
    out += " error " + std::string(e.what());
  }
  gst_object_unref(pipeline);
  return out;
}
