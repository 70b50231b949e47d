// A viewer's WHEP offer (see sdp_offer.hpp).
#include "sdp_offer.hpp"

#include <gst/sdp/sdp.h>

#include <cstdlib>
#include <memory>
#include <strings.h>

namespace flu::webrtc_streamer {

namespace {

struct SdpFree {
  void operator()(GstSDPMessage *m) const { gst_sdp_message_free(m); }
};

// The payload type an m= line gives `encoding` ("VP8/90000" in its rtpmap),
// the first one that qualifies; H.264 only in packetization mode 1, the one
// rtph264pay and browsers agree on.
std::optional<int> payload_for(const GstSDPMedia *media, const std::string &encoding) {
  std::optional<int> found;
  for (guint i = 0; i < gst_sdp_media_attributes_len(media) && !found; ++i) {
    const GstSDPAttribute *a = gst_sdp_media_get_attribute(media, i);
    if (!a->key || !a->value || g_strcmp0(a->key, "rtpmap") != 0)
      continue;
    char *end = nullptr;
    const long pt = std::strtol(a->value, &end, 10);
    if (end == a->value || *end != ' ' || pt < 0 || pt > 127)
      continue;
    const std::string name(end + 1);
    const auto slash = name.find('/');
    if (slash != encoding.size() ||
        strncasecmp(name.c_str(), encoding.c_str(), encoding.size()) != 0)
      continue;
    if (encoding == "H264") {
      const std::string prefix = std::to_string(pt) + " ";
      bool mode1 = false;
      for (guint j = 0; j < gst_sdp_media_attributes_len(media); ++j) {
        const GstSDPAttribute *f = gst_sdp_media_get_attribute(media, j);
        if (f->key && f->value && g_strcmp0(f->key, "fmtp") == 0 &&
            g_str_has_prefix(f->value, prefix.c_str()) &&
            std::string(f->value).find("packetization-mode=1") != std::string::npos)
          mode1 = true;
      }
      if (!mode1)
        continue;
    }
    found = static_cast<int>(pt);
  }
  return found;
}

// profile-level-id in the fmtp of `pt`: six hex digits, or "".
std::string h264_profile(const GstSDPMedia *media, int pt) {
  const std::string prefix = std::to_string(pt) + " ";
  constexpr std::string_view key = "profile-level-id=";
  for (guint j = 0; j < gst_sdp_media_attributes_len(media); ++j) {
    const GstSDPAttribute *f = gst_sdp_media_get_attribute(media, j);
    if (!f->key || !f->value || g_strcmp0(f->key, "fmtp") != 0 ||
        !g_str_has_prefix(f->value, prefix.c_str()))
      continue;
    const std::string params(f->value + prefix.size());
    const auto at = params.find(key);
    if (at == std::string::npos ||
        (at > 0 && params[at - 1] != ';' && params[at - 1] != ' '))
      continue;
    const std::string value = params.substr(at + key.size(), 6);
    if (value.size() == 6 &&
        value.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos)
      return value;
  }
  return {};
}

bool has_attribute(const GstSDPMessage *sdp, const GstSDPMedia *media, const char *key) {
  return gst_sdp_media_get_attribute_val(media, key) ||
         gst_sdp_message_get_attribute_val(sdp, key);
}

} // namespace

OfferedCodecs read_offer(std::string_view text, const std::string &video_codec) {
  if (text.empty())
    throw OfferError("the offer is empty");
  GstSDPMessage *raw = nullptr;
  if (gst_sdp_message_new(&raw) != GST_SDP_OK)
    throw OfferError("cannot make an SDP message");
  std::unique_ptr<GstSDPMessage, SdpFree> sdp(raw);
  // The parser takes what it can and skips the rest, so what it made is
  // checked below rather than trusted because it returned OK.
  if (gst_sdp_message_parse_buffer(reinterpret_cast<const guint8 *>(text.data()),
                                   static_cast<guint>(text.size()),
                                   sdp.get()) != GST_SDP_OK)
    throw OfferError("the offer is not SDP");
  const gchar *version = gst_sdp_message_get_version(sdp.get());
  if (!version || g_strcmp0(version, "0") != 0)
    throw OfferError("the offer is not SDP (no \"v=0\" line)");
  if (gst_sdp_message_medias_len(sdp.get()) == 0)
    throw OfferError("the offer has no media (m=) line");

  OfferedCodecs codecs;
  bool video_offered = false;
  for (guint i = 0; i < gst_sdp_message_medias_len(sdp.get()); ++i) {
    const GstSDPMedia *media = gst_sdp_message_get_media(sdp.get(), i);
    const gchar *kind = gst_sdp_media_get_media(media);
    // Port 0 is a rejected m-line, unless it rides on the BUNDLE's
    // transport (a=bundle-only, as max-bundle offers make them).
    if (gst_sdp_media_get_port(media) == 0 &&
        !gst_sdp_media_get_attribute_val(media, "bundle-only"))
      continue;
    if (!has_attribute(sdp.get(), media, "ice-ufrag") ||
        !has_attribute(sdp.get(), media, "ice-pwd"))
      throw OfferError("media " + std::to_string(i) +
                       " has no ICE credentials (a=ice-ufrag, a=ice-pwd)");
    if (!has_attribute(sdp.get(), media, "fingerprint"))
      throw OfferError("media " + std::to_string(i) +
                       " has no DTLS fingerprint (a=fingerprint)");
    if (g_strcmp0(kind, "video") == 0) {
      video_offered = true;
      if (!codecs.video_pt) {
        codecs.video_pt = payload_for(media, video_codec);
        if (codecs.video_pt && video_codec == "H264")
          codecs.h264_profile = h264_profile(media, *codecs.video_pt);
      }
    } else if (g_strcmp0(kind, "audio") == 0) {
      if (!codecs.audio_pt)
        codecs.audio_pt = payload_for(media, "OPUS");
    }
  }
  if (!codecs.video_pt)
    throw OfferError(video_offered
                         ? "the offer's video does not take " + video_codec +
                               (video_codec == "H264" ? " (packetization-mode=1)" : "") +
                               ", the codec of this stream"
                         : "the offer has no video (m=video) to play this stream");
  return codecs;
}

} // namespace flu::webrtc_streamer
