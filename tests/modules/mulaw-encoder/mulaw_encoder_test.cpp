// mulaw-encoder in a real flu-job: ffprobe reads its feed as pcm_mulaw, ffmpeg
// decodes it cleanly, and its level meter publishes the tone it encodes.
#define BOOST_TEST_MODULE mulaw_encoder
#include "../codec_check.hpp"

#include <cstdlib>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_mulaw_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.wav";
  // ffprobe reads a growing WAV in packets of about 0.4 s.
  encode(dir, "mulaw-encoder", raw_audio_feed, "wavenc", file, {}, "a", 10);
  BOOST_TEST(probe(file, "a", "codec_name") == "pcm_mulaw");
  BOOST_TEST(decode_errors(file) == "");
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("mulaw-encoder");
}
