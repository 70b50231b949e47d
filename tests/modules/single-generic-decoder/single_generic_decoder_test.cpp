// single-generic-decoder in a real flu-job: an encoded live feed comes out
// raw, normalised by the common properties; a blacklisted decoder is never
// used; a wrong media-type is refused.
#define BOOST_TEST_MODULE single_generic_decoder
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

const std::string vp8_feed =
    "default=videotestsrc is-live=true ! video/x-raw,width=160,height=120 ! "
    "vp8enc deadline=1 ! gdppay ! gdpdepay";
const std::string vorbis_feed = "default=audiotestsrc is-live=true ! "
                                "audio/x-raw,rate=44100,channels=2 ! vorbisenc ! "
                                "gdppay ! gdpdepay";

} // namespace

BOOST_AUTO_TEST_CASE(video_is_decoded_and_scaled) {
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  run_until(dir,
            {"--type", "single-generic-decoder", "--property", "media-type=video",
             "--property", "width=80", "--property", "framerate=10/1", "--eater",
             vp8_feed, "--feeder",
             file_feeder("jpegenc ! matroskamux streamable=true", file)},
            [&] { return keyframes(file).size() >= 10; });
  BOOST_TEST(probe(file, "v", "width") == "80");
  BOOST_TEST(probe(file, "v", "height") == "60"); // display aspect kept
  BOOST_TEST(probe(file, "v", "r_frame_rate") == "10/1");
}

BOOST_AUTO_TEST_CASE(audio_is_decoded_resampled_and_downmixed) {
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  StandaloneJob job(dir, {"--type", "single-generic-decoder", "--property",
                          "media-type=audio", "--property", "samplerate=22050",
                          "--property", "channels=1", "--eater", vorbis_feed, "--feeder",
                          file_feeder("flacenc ! matroskamux streamable=true", file)});
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return std::filesystem::exists(file) &&
                                  std::filesystem::file_size(file) > 20000;
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(probe(file, "a", "codec_name") == "flac");
  BOOST_TEST(probe(file, "a", "sample_rate") == "22050");
  BOOST_TEST(probe(file, "a", "channels") == "1");
}

BOOST_AUTO_TEST_CASE(blacklisted_decoders_are_not_used) {
  // Every Vorbis decoder blacklisted: nothing decodes, nothing is fed.
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  StandaloneJob job(dir, {"--type", "single-generic-decoder", "--property",
                          "media-type=audio", "--property", "blacklist=vorbisdec",
                          "--property", "blacklist=avdec_vorbis", "--property",
                          "blacklist=ivorbisdec", "--eater", vorbis_feed, "--feeder",
                          file_feeder("flacenc ! matroskamux streamable=true", file)});
  // The control: the same job without the blacklist writes audio within
  // this time (the test above); here it stays without.
  job.wait_until([] { return false; }, 3s);
  BOOST_TEST((!std::filesystem::exists(file) || std::filesystem::file_size(file) < 1000),
             FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(wrong_media_type_is_refused) {
  expect_refused({"--type", "single-generic-decoder", "--property",
                  "media-type=subtitles", "--eater", vp8_feed},
                 "media-type must be audio or video, got 'subtitles'");
}
