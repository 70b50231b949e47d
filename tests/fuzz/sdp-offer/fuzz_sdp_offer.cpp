// A viewer's WHEP offer, read by the webrtc-streamer with GstSDP
// (modules/webrtc-streamer/sdp_offer.cpp): never a crash; refused with a
// reason, or payload types an RTP header can carry.
#include "../fuzz_target.hpp"

#include "sdp_offer.hpp"

using namespace flu::webrtc_streamer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (const char *codec : {"VP8", "H264"}) {
    try {
      const OfferedCodecs codecs = read_offer(flu::fuzz::bytes(data, size), codec);
      FUZZ_CHECK(codecs.video_pt && *codecs.video_pt >= 0 && *codecs.video_pt <= 127);
      FUZZ_CHECK(!codecs.audio_pt || (*codecs.audio_pt >= 0 && *codecs.audio_pt <= 127));
    } catch (const OfferError &e) {
      FUZZ_CHECK(e.what()[0] != '\0');
    }
  }
  return 0;
}
