// flu::sdk::LevelMeter on a real pipeline: a sine of known amplitude gives
// the peak and RMS the arithmetic says, per channel, in the UI state; a
// LevelTap meters what passes when it is raw audio and nothing else.
#include <flu/sdk/level_meter.hpp>

#include "end_of_stream.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct UiState {
  std::mutex mutex;
  std::map<std::string, std::string> entries;
  int updates = 0;
};

void record(void *self, const char *key, const char *value) {
  auto *state = static_cast<UiState *>(self);
  std::lock_guard lock(state->mutex);
  state->entries[key] = value;
  ++state->updates;
}

std::vector<double> numbers(const std::string &text) {
  std::vector<double> out;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    out.push_back(std::strtod(item.c_str(), nullptr));
  return out;
}

// A host whose UI state goes to `state`.
flu_host host_of(UiState &state) {
  flu_host host{};
  host.struct_size = sizeof host;
  host.self = &state;
  host.ui_state = &record;
  return host;
}

GstElement *launch(const std::string &description) {
  GError *error = nullptr;
  GstElement *pipeline = gst_parse_launch(description.c_str(), &error);
  BOOST_REQUIRE_MESSAGE(pipeline, (error ? error->message : "no pipeline"));
  return pipeline;
}

// Plays `pipeline` until its end: an error, or none within 10 s, fails.
void play_to_end(GstElement *pipeline) {
  gst_element_set_state(pipeline, GST_STATE_PLAYING);
  flu::test::expect_end_of_stream(pipeline);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_half_scale_sine_reads_minus_6_peak_and_minus_9_rms) {
  gst_init(nullptr, nullptr);
  UiState state;
  flu_host host = host_of(state);
  GstElement *pipeline =
      launch("audiotestsrc num-buffers=50 wave=sine freq=1000 volume=0.5 ! "
             "audio/x-raw,channels=2,rate=48000 ! level name=meter interval=100000000 ! "
             "fakesink sync=false");
  {
    flu::sdk::LevelMeter meter(flu::sdk::Host(&host), pipeline, "meter", "audio");
    play_to_end(pipeline);
    gst_element_set_state(pipeline, GST_STATE_NULL);
  }
  gst_object_unref(pipeline);

  std::lock_guard lock(state.mutex);
  BOOST_TEST(state.updates >= 4); // a few times a second, not once
  const auto peak = numbers(state.entries["level:audio:peak"]);
  const auto rms = numbers(state.entries["level:audio:rms"]);
  BOOST_REQUIRE(peak.size() == 2u);
  BOOST_REQUIRE(rms.size() == 2u);
  for (double db : peak)
    BOOST_TEST(std::abs(db - -6.02) < 0.2);
  for (double db : rms)
    BOOST_TEST(std::abs(db - -9.03) < 0.2);
}

BOOST_AUTO_TEST_CASE(silence_is_a_number_not_minus_infinity) {
  gst_init(nullptr, nullptr);
  GValue list = G_VALUE_INIT;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_value_init(&list, g_value_array_get_type());
  GValueArray *array = g_value_array_new(2);
  GValue db = G_VALUE_INIT;
  g_value_init(&db, G_TYPE_DOUBLE);
  g_value_set_double(&db, -INFINITY);
  g_value_array_append(array, &db);
  g_value_set_double(&db, -3.0);
  g_value_array_append(array, &db);
  g_value_take_boxed(&list, array);
  G_GNUC_END_IGNORE_DEPRECATIONS
  BOOST_TEST(flu::sdk::LevelMeter::decibels(&list) == "-200.00,-3.00");
  g_value_unset(&db);
  g_value_unset(&list);
}

namespace {

// Runs `source ! identity name=tap ! fakesink` to its end with a LevelTap on
// the identity; what the UI state got.
std::map<std::string, std::string> tapped(const std::string &source,
                                          bool wait_for_levels) {
  gst_init(nullptr, nullptr);
  UiState state;
  flu_host host = host_of(state);
  GstElement *pipeline = launch(source + " ! identity name=tap ! fakesink sync=false");
  {
    flu::sdk::LevelTap tap(flu::sdk::Host(&host), pipeline, "tap", "default");
    play_to_end(pipeline);
    // The tap's own pipeline may still be metering the last buffers.
    for (int i = 0; i < 100 && wait_for_levels; ++i) {
      if (std::lock_guard lock(state.mutex); state.entries.count("level:default:rms"))
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    gst_element_set_state(pipeline, GST_STATE_NULL);
  }
  gst_object_unref(pipeline);
  std::lock_guard lock(state.mutex);
  return state.entries;
}

} // namespace

// The tap meters what passes when its caps are raw audio: a half-scale sine
// in S32 (which a level element takes) and in U8 (which it does not, so the
// tap converts) reads -6 dBFS. The side pipeline runs as fast as it can, so
// the values are what level says of the whole stream.
BOOST_AUTO_TEST_CASE(a_level_tap_meters_raw_audio) {
  for (const std::string format : {"S32LE", "U8"}) {
    auto entries = tapped("audiotestsrc num-buffers=50 wave=sine freq=1000 volume=0.5 ! "
                          "audio/x-raw,format=" +
                              format + ",channels=2,rate=48000",
                          true);
    const auto peak = numbers(entries["level:default:peak"]);
    BOOST_REQUIRE_MESSAGE(peak.size() == 2u, format);
    for (double db : peak)
      BOOST_TEST(std::abs(db - -6.02) < 0.3, format << ": " << db);
    BOOST_TEST(numbers(entries["level:default:rms"]).size() == 2u);
  }
}

// Fed video (or encoded audio) it publishes nothing, and the pipeline it
// watches runs as it would without it.
BOOST_AUTO_TEST_CASE(a_level_tap_leaves_video_alone) {
  const auto entries =
      tapped("videotestsrc num-buffers=20 ! video/x-raw,width=64,height=48", false);
  BOOST_TEST(entries.empty());
}
