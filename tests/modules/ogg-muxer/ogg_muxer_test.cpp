// ogg-muxer in a real flu-job: muxes Theora and Vorbis feeds, however late
// one starts, into an Ogg feed that gst-discoverer-1.0 reads and that an
// http-streamer can serve: the codec headers in the caps' streamheader, and
// only pages that start at a keyframe without DELTA_UNIT.
#define BOOST_TEST_MODULE ogg_muxer
#include "../gdp_feed.hpp"
#include "../standalone_job.hpp"

#include <algorithm>

using namespace flu::modules::test;

namespace {

const std::string theora_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! theoraenc speed-level=2 keyframe-freq=10 keyframe-force=10 ! gdppay ! gdpdepay";
const std::string vorbis_feed =
    "audiotestsrc is-live=true ! vorbisenc ! gdppay ! gdpdepay";
// The same feed, a second late: it waits in a queue until a second is held.
const std::string late_vorbis_feed =
    "audiotestsrc is-live=true ! vorbisenc ! queue max-size-buffers=0 max-size-bytes=0 "
    "max-size-time=0 min-threshold-time=1000000000 ! gdppay ! gdpdepay";

struct Muxed {
  std::string discovered; // gst-discoverer-1.0 on the Ogg file
  Feed feed;              // the feed as the next component gets it
};

size_t sync_points(const Feed &feed) {
  const auto media = feed.media();
  return std::count_if(media.begin(), media.end(),
                       [](const FedBuffer &b) { return !b.delta; });
}

// Runs the muxer on `feeds` until three keyframe pages went out; the feed
// goes both to an Ogg file and, as GDP, to a dump.
Muxed mux(const std::vector<std::string> &feeds) {
  ScratchDir dir;
  const std::string ogg = dir / "out.ogg", gdp = dir / "out.gdp";
  std::vector<std::string> args = {
      "--type", "ogg-muxer", "--feeder",
      "default=tee name=t ! queue ! filesink sync=false buffer-mode=2 location=" + ogg +
          " t. ! queue ! gdppay ! filesink sync=false buffer-mode=2 location=" + gdp};
  for (size_t i = 0; i < feeds.size(); ++i)
    args.insert(args.end(), {"--eater", "default:" + std::to_string(i) + "=" + feeds[i]});
  run_until(dir, args, [&] {
    return std::filesystem::exists(gdp) && sync_points(read_gdp_feed(gdp)) >= 3;
  });
  return {run("gst-discoverer-1.0 " + ogg), read_gdp_feed(gdp)};
}

void check_streamable(const Feed &feed) {
  BOOST_TEST(feed.streamheader_head.rfind("OggS", 0) == 0u);
  const auto media = feed.media();
  BOOST_TEST_REQUIRE(!media.empty());
  BOOST_TEST(contains(media.front().caps, "application/ogg"), media.front().caps);
  BOOST_TEST(contains(media.front().caps, "streamheader="), media.front().caps);
  BOOST_TEST(!media.front().delta); // the stream starts where a joiner can
  size_t deltas = 0;
  for (const auto &b : media) {
    BOOST_TEST(b.head.rfind("OggS", 0) == 0u, "a buffer that is no Ogg page");
    deltas += b.delta ? 1 : 0;
  }
  BOOST_TEST(deltas > 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(muxes_theora_and_vorbis_into_streamable_ogg) {
  const Muxed out = mux({theora_feed, vorbis_feed});
  BOOST_TEST(contains(out.discovered, "container #0: Ogg"), out.discovered);
  BOOST_TEST(contains(out.discovered, "video #1: Theora"), out.discovered);
  BOOST_TEST(contains(out.discovered, "audio #2: Vorbis"), out.discovered);
  check_streamable(out.feed);
}

BOOST_AUTO_TEST_CASE(waits_for_a_late_feed_before_the_header) {
  const Muxed out = mux({theora_feed, late_vorbis_feed});
  BOOST_TEST(contains(out.discovered, "Theora"), out.discovered);
  BOOST_TEST(contains(out.discovered, "Vorbis"), out.discovered);
  check_streamable(out.feed);
}

BOOST_AUTO_TEST_CASE(refuses_what_ogg_cannot_hold) {
  expect_refused(
      {"--type", "ogg-muxer", "--eater",
       "default=videotestsrc is-live=true ! vp9enc deadline=1 ! gdppay ! gdpdepay"},
      "feed 0 (video/x-vp9) cannot go into oggmux, which takes");
}
