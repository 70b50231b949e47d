// Waiting for a GStreamer pipeline a test plays to its end.
#pragma once

#include <boost/test/unit_test.hpp>
#include <gst/gst.h>

namespace flu::test {

// Waits up to 10 s for `pipeline` to reach its end of stream: neither it nor
// an error by then fails the test, and an error is named.
inline void expect_end_of_stream(GstElement *pipeline) {
  GstBus *bus = gst_element_get_bus(pipeline);
  GstMessage *end = gst_bus_timed_pop_filtered(
      bus, 10 * GST_SECOND, GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  gst_object_unref(bus);
  BOOST_REQUIRE_MESSAGE(end, "no end of stream within 10 s");
  if (GST_MESSAGE_TYPE(end) == GST_MESSAGE_ERROR) {
    GError *err = nullptr;
    gst_message_parse_error(end, &err, nullptr);
    BOOST_ERROR(err->message);
    g_clear_error(&err);
  }
  gst_message_unref(end);
}

} // namespace flu::test
