// mp3-encoder in a real flu-job: ffprobe reads its feed as mp3, ffmpeg
// decodes it cleanly, and its level meter publishes the tone it encodes.
#define BOOST_TEST_MODULE mp3_encoder
#include "../codec_check.hpp"

#include <cstdlib>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_mp3_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.mp3";
  encode(dir, "mp3-encoder", raw_audio_feed, "", file, {"bitrate=192000"}, "a", 40);
  BOOST_TEST(probe(file, "a", "codec_name") == "mp3");
  BOOST_TEST(probe(file, "a", "bit_rate") == "192000");
  BOOST_TEST(decode_errors(file) == "");
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("mp3-encoder");
}

BOOST_AUTO_TEST_CASE(refuses_bad_bitrate) {
  expect_refused({"--type", "mp3-encoder", "--eater", "default=" + raw_audio_feed,
                  "--property", "bitrate=100000"},
                 "bitrate must be one of MP3's rates");
}
