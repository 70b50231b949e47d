// aac-encoder in a real flu-job: ffprobe reads its feed as aac, ffmpeg
// decodes it cleanly, and its level meter publishes the tone it encodes.
#define BOOST_TEST_MODULE aac_encoder
#include "../codec_check.hpp"

#include <cstdlib>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_aac_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.aac";
  encode(dir, "aac-encoder", raw_audio_feed, "", file, {"bitrate=96000"}, "a", 40);
  BOOST_TEST(probe(file, "a", "codec_name") == "aac");
  BOOST_TEST(decode_errors(file) == "");
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("aac-encoder");
}

BOOST_AUTO_TEST_CASE(refuses_bad_bitrate) {
  expect_refused({"--type", "aac-encoder", "--eater", "default=" + raw_audio_feed,
                  "--property", "bitrate=100"},
                 "bitrate must be between 8000 and 320000");
}
