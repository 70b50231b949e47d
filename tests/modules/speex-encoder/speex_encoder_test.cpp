// speex-encoder in a real flu-job: ffprobe reads its feed as speex, ffmpeg
// decodes it cleanly, and its level meter publishes the tone it encodes.
#define BOOST_TEST_MODULE speex_encoder
#include "../codec_check.hpp"

#include <cstdlib>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_speex_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.ogg";
  encode(dir, "speex-encoder", raw_audio_feed, "oggmux", file, {"bitrate=24000"}, "a",
         40);
  BOOST_TEST(probe(file, "a", "codec_name") == "speex");
  BOOST_TEST(decode_errors(file) == "");
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("speex-encoder");
}

BOOST_AUTO_TEST_CASE(refuses_bad_bitrate) {
  expect_refused({"--type", "speex-encoder", "--eater", "default=" + raw_audio_feed,
                  "--property", "bitrate=100000"},
                 "bitrate must be 0 (automatic) or between");
}
