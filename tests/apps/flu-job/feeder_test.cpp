// A feeder counts the media that enters it (for feeder:NAME:bitrate) and
// knows how many eaters it has (feeder:NAME:clients).
#include "end_of_stream.hpp"
#include "feeder.hpp"

#include <boost/test/unit_test.hpp>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

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
    flu::test::expect_end_of_stream(pipeline);
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

// gdppay's packets carry no flags; the feeder gives each its input's, so
// that multifdsink starts a new eater (and resyncs a slow one) at a
// keyframe, never at a delta frame it could not decode from.
BOOST_AUTO_TEST_CASE(packets_carry_their_inputs_keyframe_flag) {
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(
      ("appsrc name=src format=time caps=video/x-vp8 ! " + Feeder::endpoint("default"))
          .c_str(),
      &error);
  BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
  std::string flags; // K or d per media packet reaching multifdsink
  {
    Feeder feeder("default");
    feeder.attach(pipeline);
    GstElement *sink = gst_bin_get_by_name(GST_BIN(pipeline), "flu-feeder-default");
    GstPad *pad = gst_element_get_static_pad(sink, "sink");
    gst_pad_add_probe(
        pad, GST_PAD_PROBE_TYPE_BUFFER,
        [](GstPad *, GstPadProbeInfo *info, gpointer data) {
          GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER(info);
          if (!GST_BUFFER_FLAG_IS_SET(b, GST_BUFFER_FLAG_HEADER) &&
              gst_buffer_get_size(b) > 62) // a GDP header alone is an event's
            *static_cast<std::string *>(data) +=
                GST_BUFFER_FLAG_IS_SET(b, GST_BUFFER_FLAG_DELTA_UNIT) ? 'd' : 'K';
          return GST_PAD_PROBE_OK;
        },
        &flags, nullptr);
    gst_object_unref(pad);
    gst_object_unref(sink);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    feeder.pipeline_playing();
    GstElement *src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
    for (const bool key : {true, false, false, true, false}) {
      GstBuffer *b = gst_buffer_new_allocate(nullptr, 100, nullptr);
      gst_buffer_memset(b, 0, key ? 1 : 2, 100);
      if (!key)
        GST_BUFFER_FLAG_SET(b, GST_BUFFER_FLAG_DELTA_UNIT);
      gst_app_src_push_buffer(GST_APP_SRC(src), b);
    }
    gst_app_src_end_of_stream(GST_APP_SRC(src));
    gst_object_unref(src);
    flu::test::expect_end_of_stream(pipeline);
    gst_element_set_state(pipeline, GST_STATE_NULL);
  }
  gst_object_unref(pipeline);
  BOOST_TEST(flags == "KddKd");
}

namespace {

// One eater's end of a feed: the socket's GDP read back into buffers.
struct FeedReader {
  GstElement *pipeline = nullptr;
  GstElement *sink = nullptr;
  explicit FeedReader(int fd) {
    GError *error = nullptr;
    const std::string text =
        "fdsrc fd=" + std::to_string(fd) + " ! gdpdepay ! appsink name=out sync=false";
    pipeline = gst_parse_launch(text.c_str(), &error);
    BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
    sink = gst_bin_get_by_name(GST_BIN(pipeline), "out");
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
  }
  ~FeedReader() {
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(sink);
    gst_object_unref(pipeline);
  }
  // The number each next media buffer is filled with, or -1 after 10 s.
  int next() {
    GstSample *sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 10 * GST_SECOND);
    if (!sample)
      return -1;
    guint8 first = 0;
    gst_buffer_extract(gst_sample_get_buffer(sample), 0, &first, 1);
    gst_sample_unref(sample);
    return first;
  }
};

} // namespace

// A new eater of an encoded feed starts at a keyframe: one that connects
// before anything was fed waits for the first keyframe (the delta frames
// before it never reach it), one that connects mid-stream starts at the
// latest keyframe still queued. (Checked for test-e2e-codecs' old
// "non-existing PPS" flake: the feed was not its cause.)
BOOST_AUTO_TEST_CASE(a_new_eater_starts_at_a_keyframe) {
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(
      ("appsrc name=src format=time caps=video/x-vp8 ! " + Feeder::endpoint("default"))
          .c_str(),
      &error);
  BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
  int early[2], late[2];
  BOOST_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, early) == 0);
  BOOST_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, late) == 0);
  {
    Feeder feeder("default");
    feeder.attach(pipeline);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    feeder.pipeline_playing();
    GstElement *src = gst_bin_get_by_name(GST_BIN(pipeline), "src");
    // Buffer n is filled with n; keyframes are 2, 5 and 8.
    auto push = [&](int from, int to) {
      for (int n = from; n <= to; ++n) {
        GstBuffer *b = gst_buffer_new_allocate(nullptr, 100, nullptr);
        gst_buffer_memset(b, 0, guint8(n), 100);
        if (n % 3 != 2)
          GST_BUFFER_FLAG_SET(b, GST_BUFFER_FLAG_DELTA_UNIT);
        gst_app_src_push_buffer(GST_APP_SRC(src), b);
      }
    };
    feeder.add_client(early[0]); // nothing queued yet
    FeedReader first_eater(early[1]);
    push(0, 3);
    BOOST_TEST(first_eater.next() == 2); // 0 and 1 are dropped
    BOOST_TEST(first_eater.next() == 3);
    feeder.add_client(late[0]); // mid-stream, after 2 (key) and 3
    FeedReader second_eater(late[1]);
    push(4, 5);
    BOOST_TEST(first_eater.next() == 4);
    BOOST_TEST(first_eater.next() == 5);
    // The latest keyframe, then on: 2 if the sink took the client before 4
    // and 5 were queued, 5 if after (adding a client is asynchronous); never
    // the delta frames 3 or 4 first.
    const int start = second_eater.next();
    BOOST_TEST((start == 2 || start == 5), "second eater started at " << start);
    for (int n = start + 1; start == 2 && n <= 5; ++n)
      BOOST_TEST(second_eater.next() == n);
    gst_object_unref(src);
    gst_element_set_state(pipeline, GST_STATE_NULL);
  }
  gst_object_unref(pipeline);
  ::close(early[1]);
  ::close(late[1]);
}
