// repeater in a real flu-job: a WebM feed goes out as it came in, with its
// stream headers in the caps and its keyframe flags, and still decodes.
#define BOOST_TEST_MODULE repeater
#include "../gdp_feed.hpp"
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {
const std::string webm_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=160,height=120,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=10 ! webmmux streamable=true "
    "! gdppay ! gdpdepay";
} // namespace

BOOST_AUTO_TEST_CASE(repeats_a_feed_unchanged) {
  ScratchDir dir;
  const std::string gdp = dir / "out.gdp", webm = dir / "out.webm";
  auto keyframes_out = [&] {
    if (!std::filesystem::exists(gdp))
      return size_t{0};
    size_t n = 0;
    for (const auto &b : read_gdp_feed(gdp).media())
      n += !b.delta;
    return n;
  };
  run_until(dir,
            {"--type", "repeater", "--eater", "default=" + webm_feed, "--feeder",
             "default=tee name=t ! queue ! gdppay ! filesink sync=false buffer-mode=2 "
             "location=" +
                 gdp +
                 " t. ! queue ! filesink sync=false buffer-mode=2 location=" + webm},
            [&] { return keyframes_out() >= 3; });
  const Feed feed = read_gdp_feed(gdp);
  BOOST_TEST(feed.streamheader_head.rfind("\x1a\x45\xdf\xa3", 0) == 0u);
  const auto media = feed.media();
  BOOST_TEST_REQUIRE(!media.empty());
  BOOST_TEST(contains(media.front().caps, "video/webm"), media.front().caps);
  BOOST_TEST(contains(media.front().caps, "streamheader="), media.front().caps);
  size_t deltas = 0;
  for (const auto &b : media)
    deltas += b.delta;
  BOOST_TEST(deltas > 0u); // the flags came through, not all-keyframe
  BOOST_TEST(probe(webm, "v", "codec_name") == "vp8");
}

BOOST_AUTO_TEST_CASE(refuses_a_wrong_drop_probability) {
  expect_refused({"--type", "repeater", "--eater", "default=" + webm_feed, "--property",
                  "drop-probability=1.5"},
                 "drop-probability must be between 0.0 and 1.0, got 1.5");
}
