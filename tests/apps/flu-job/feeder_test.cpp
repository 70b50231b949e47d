// A feeder counts the media that enters it (for feeder:NAME:bitrate) and
// knows how many eaters it has (feeder:NAME:clients).
#include "feeder.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/socket.h>
#include <unistd.h>

using flu::job::Feeder;

BOOST_AUTO_TEST_CASE(a_feeder_counts_its_bytes_and_eaters) {
  // 20 buffers of 250 stereo S16 samples: 1000 bytes each.
  const std::string text = "audiotestsrc num-buffers=20 samplesperbuffer=250 ! "
                           "audio/x-raw,format=S16LE,channels=2,rate=8000 ! " +
                           Feeder::endpoint("default");
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(text.c_str(), &error);
  BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
  {
    Feeder feeder("default");
    feeder.attach(pipeline);
    BOOST_TEST(feeder.bytes() == 0u);
    int pair[2];
    BOOST_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    feeder.add_client(pair[0]); // waits for PLAYING
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    feeder.pipeline_playing();
    GstBus *bus = gst_element_get_bus(pipeline);
    GstMessage *eos = gst_bus_timed_pop_filtered(
        bus, 10 * GST_SECOND, GstMessageType(GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
    BOOST_REQUIRE(eos);
    if (GST_MESSAGE_TYPE(eos) == GST_MESSAGE_ERROR) {
      GError *err = nullptr;
      gst_message_parse_error(eos, &err, nullptr);
      BOOST_ERROR(err->message);
      g_clear_error(&err);
    }
    gst_message_unref(eos);
    gst_object_unref(bus);
    BOOST_TEST(feeder.bytes() == 20000u); // the media, before GDP framing
    BOOST_TEST(feeder.clients() == 1u);
    gst_element_set_state(pipeline, GST_STATE_NULL);
    ::close(pair[1]);
  }
  gst_object_unref(pipeline);
}

// GStreamer 1.22's gdppay crashes on a CAPS event equal to the one before
// (an FGDP link made again sends its caps again): the feeder drops it.
BOOST_AUTO_TEST_CASE(repeated_caps_do_not_reach_the_payloader) {
  GError *error = nullptr;
  // An appsrc that is never fed: the test's thread is the only one in the
  // payloader (a source's buffer prerolling in the sink would hold the
  // stream lock these serialized events need).
  GstElement *pipeline =
      gst_parse_launch(("appsrc ! " + Feeder::endpoint("default")).c_str(), &error);
  BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
  {
    Feeder feeder("default");
    feeder.attach(pipeline);
    gst_element_set_state(pipeline, GST_STATE_PAUSED);
    GstElement *pay = gst_bin_get_by_name(GST_BIN(pipeline), "flu-feeder-default-pay");
    GstPad *sink = gst_element_get_static_pad(pay, "sink");
    gst_pad_send_event(sink, gst_event_new_stream_start("repeated-caps"));
    GstCaps *caps = gst_caps_from_string("video/x-raw,width=320,height=240");
    BOOST_TEST(gst_pad_send_event(sink, gst_event_new_caps(caps)));
    BOOST_TEST(gst_pad_send_event(sink, gst_event_new_caps(caps))); // crashed here
    GstCaps *other = gst_caps_from_string("video/x-raw,width=640,height=480");
    BOOST_TEST(gst_pad_send_event(sink, gst_event_new_caps(other))); // a change passes
    GstCaps *current = gst_pad_get_current_caps(sink);
    BOOST_TEST(gst_caps_is_equal(current, other));
    gst_caps_unref(current);
    gst_caps_unref(other);
    gst_caps_unref(caps);
    gst_object_unref(sink);
    gst_object_unref(pay);
    gst_element_set_state(pipeline, GST_STATE_NULL);
  }
  gst_object_unref(pipeline);
}
