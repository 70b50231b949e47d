// av-generic-decoder in a real flu-job: a muxed live feed (WebM with VP8 and
// Opus, as a webm-muxer feeds it) comes out as raw audio and raw video.
#define BOOST_TEST_MODULE av_generic_decoder
#include "../standalone_job.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(muxed_feed_is_split_and_decoded) {
  ScratchDir dir;
  const std::string audio = dir / "audio.mkv", video = dir / "video.mkv";
  run_until(dir,
            {"--type", "av-generic-decoder", "--property", "height=60", "--property",
             "samplerate=32000", "--eater",
             "default=videotestsrc is-live=true ! video/x-raw,width=160,height=120 ! "
             "vp8enc deadline=1 ! queue ! webmmux streamable=true name=m "
             "audiotestsrc is-live=true ! opusenc ! queue ! m. m. ! gdppay ! gdpdepay",
             "--feeder",
             "audio=flacenc ! matroskamux streamable=true ! filesink location=" + audio,
             "--feeder",
             "video=jpegenc ! matroskamux streamable=true ! filesink location=" + video},
            [&] {
              return keyframes(video).size() >= 10 && std::filesystem::exists(audio) &&
                     std::filesystem::file_size(audio) > 20000;
            });
  BOOST_TEST(probe(video, "v", "width") == "80");
  BOOST_TEST(probe(video, "v", "height") == "60");
  BOOST_TEST(probe(audio, "a", "codec_name") == "flac");
  BOOST_TEST(probe(audio, "a", "sample_rate") == "32000");
}
