// A viewer's WHEP offer, read with GStreamer's SDP library (GstSDP): which
// payload types the viewer gave the codecs this stream sends. webrtcbin
// answers with the offer's payload types, so each viewer's payloaders are
// made with them. No GStreamer in this header: the fuzz target compiles the
// reader in (tests/fuzz/sdp-offer).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flu::webrtc_streamer {

// What a viewer's offer was refused for; its text goes back in the 400.
struct OfferError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OfferedCodecs {
  std::optional<int> video_pt; // the viewer's payload type for the stream's video codec
  std::optional<int> audio_pt; // ... for Opus
  // H.264: the profile-level-id of the viewer's fmtp for video_pt ("" when
  // none). webrtcbin compares it as a string with the stream's, so each
  // viewer's stream is labelled with the one it offered (see peer.cpp).
  std::string h264_profile;
};

// `video_codec` is the RTP encoding name of the stream's video ("VP8",
// "H264"). Throws OfferError when the text is not an SDP offer a viewer of
// this stream can use: no media, no ICE credentials or DTLS fingerprint, or
// video that does not offer the stream's codec. An offer without audio is
// fine: the viewer gets video only.
OfferedCodecs read_offer(std::string_view sdp, const std::string &video_codec);

} // namespace flu::webrtc_streamer
