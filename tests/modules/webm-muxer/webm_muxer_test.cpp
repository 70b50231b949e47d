// webm-muxer in a real flu-job: muxes VP8 and Opus feeds, in any order and
// however late one starts, into a WebM feed that gst-discoverer-1.0 reads and
// that an http-streamer can serve: the header in the caps' streamheader, and
// only cluster starts (each at a keyframe) without DELTA_UNIT.
#define BOOST_TEST_MODULE webm_muxer
#include "../gdp_feed.hpp"
#include "../standalone_job.hpp"

#include <algorithm>

using namespace flu::modules::test;

namespace {

const std::string vp8_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=10 ! gdppay ! gdpdepay";
const std::string opus_feed = "audiotestsrc is-live=true ! opusenc ! gdppay ! gdpdepay";
// The same feed, a second late: it waits in a queue until a second is held.
const std::string late_vp8_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=10 ! queue max-size-buffers=0 "
    "max-size-bytes=0 max-size-time=0 min-threshold-time=1000000000 ! gdppay ! gdpdepay";

const std::string ebml_magic = "\x1a\x45\xdf\xa3";
const std::string cluster_id = "\x1f\x43\xb6\x75";

struct Muxed {
  std::string discovered; // gst-discoverer-1.0 on the WebM file
  Feed feed;              // the feed as the next component gets it
};

size_t sync_points(const Feed &feed) {
  const auto media = feed.media();
  return std::count_if(media.begin(), media.end(),
                       [](const FedBuffer &b) { return !b.delta; });
}

// Runs the muxer on `feeds` until three clusters went out; the feed goes both
// to a WebM file and, as GDP, to a dump.
Muxed mux(const std::vector<std::string> &feeds) {
  ScratchDir dir;
  const std::string webm = dir / "out.webm", gdp = dir / "out.gdp";
  std::vector<std::string> args = {
      "--type", "webm-muxer", "--feeder",
      "default=tee name=t ! queue ! filesink sync=false buffer-mode=2 location=" + webm +
          " t. ! queue ! gdppay ! filesink sync=false buffer-mode=2 location=" + gdp};
  for (size_t i = 0; i < feeds.size(); ++i)
    args.insert(args.end(), {"--eater", "default:" + std::to_string(i) + "=" + feeds[i]});
  run_until(dir, args, [&] {
    return std::filesystem::exists(gdp) && sync_points(read_gdp_feed(gdp)) >= 3;
  });
  return {run("gst-discoverer-1.0 " + webm), read_gdp_feed(gdp)};
}

void check_streamable(const Feed &feed) {
  BOOST_TEST(feed.streamheader_head.rfind(ebml_magic, 0) == 0u);
  const auto media = feed.media();
  BOOST_TEST_REQUIRE(!media.empty());
  BOOST_TEST(contains(media.front().caps, "video/webm"), media.front().caps);
  BOOST_TEST(contains(media.front().caps, "streamheader="), media.front().caps);
  BOOST_TEST(!media.front().delta); // the stream starts where a joiner can
  size_t deltas = 0;
  for (const auto &b : media) {
    if (b.delta)
      ++deltas;
    else
      BOOST_TEST(b.head.rfind(cluster_id, 0) == 0u,
                 "a sync point that is no cluster start");
  }
  BOOST_TEST(deltas > 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(muxes_vp8_and_opus_into_streamable_webm) {
  const Muxed out = mux({vp8_feed, opus_feed});
  BOOST_TEST(contains(out.discovered, "container #0: WebM"), out.discovered);
  BOOST_TEST(contains(out.discovered, "video #1: VP8"), out.discovered);
  BOOST_TEST(contains(out.discovered, "audio #2: Opus"), out.discovered);
  check_streamable(out.feed);
}

BOOST_AUTO_TEST_CASE(waits_for_a_late_feed_before_the_header) {
  // Audio runs a second ahead; the header must still hold both tracks, in
  // the order of the feeds.
  const Muxed out = mux({opus_feed, late_vp8_feed});
  BOOST_TEST(contains(out.discovered, "audio #1: Opus"), out.discovered);
  BOOST_TEST(contains(out.discovered, "video #2: VP8"), out.discovered);
  check_streamable(out.feed);
}

BOOST_AUTO_TEST_CASE(muxes_a_single_feed) {
  const Muxed out = mux({vp8_feed});
  BOOST_TEST(contains(out.discovered, "video #1: VP8"), out.discovered);
  BOOST_TEST(!contains(out.discovered, "audio"), out.discovered);
  check_streamable(out.feed);
}

BOOST_AUTO_TEST_CASE(refuses_what_webm_cannot_hold) {
  expect_refused({"--type", "webm-muxer", "--eater",
                  "default:0=videotestsrc is-live=true ! gdppay ! gdpdepay", "--eater",
                  "default:1=" + opus_feed},
                 "feed 0 (video/x-raw) cannot go into webmmux, which takes video/x-vp8");
}

BOOST_AUTO_TEST_CASE(refuses_no_feed) {
  expect_refused({"--type", "webm-muxer"}, "eater 'default' has no feed to mux");
}
