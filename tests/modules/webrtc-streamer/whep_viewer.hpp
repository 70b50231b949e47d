// A real WebRTC viewer for the tests and the benchmark: its own webrtcbin
// with recvonly VP8 and Opus transceivers makes an offer, gathers its ICE
// candidates (non-trickle WHEP), POSTs the offer, takes the answer, and
// decodes what arrives (vp8dec, opusdec), counting decoded video frames and
// audio buffers.
#pragma once

#define GST_USE_UNSTABLE_API
#include "whep_http.hpp"

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace flu::webrtc_test {

class WhepViewer {
public:
  // `codec`: the video the viewer offers to take, "VP8" or "H264".
  explicit WhepViewer(const std::string &codec = "VP8") : h264_(codec == "H264") {
    pipeline_ = gst_pipeline_new(nullptr);
    webrtc_ = gst_element_factory_make("webrtcbin", nullptr);
    g_object_set(webrtc_, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, nullptr);
    // Loopback only, as the streamer is told (ice-address=127.0.0.1): the
    // tests run in a network namespace with nothing but lo.
    GObject *ice = nullptr;
    g_object_get(webrtc_, "ice-agent", &ice, nullptr);
    gboolean added = FALSE;
    g_signal_emit_by_name(ice, "add-local-ip-address", "127.0.0.1", &added);
    g_object_unref(ice);
    gst_bin_add(GST_BIN(pipeline_), webrtc_);
    add_transceiver(h264_
                        ? "application/x-rtp,media=video,encoding-name=H264,payload=102,"
                          "clock-rate=90000,packetization-mode=(string)1,"
                          "profile-level-id=(string)42e01f"
                        : "application/x-rtp,media=video,encoding-name=VP8,payload=96,"
                          "clock-rate=90000");
    add_transceiver("application/x-rtp,media=audio,encoding-name=OPUS,payload=111,"
                    "clock-rate=48000,encoding-params=(string)2");
    g_signal_connect(webrtc_, "pad-added", G_CALLBACK(on_pad), this);
    gst_element_set_state(pipeline_, GST_STATE_PLAYING);
  }
  ~WhepViewer() {
    gst_element_set_state(pipeline_, GST_STATE_NULL);
    gst_object_unref(pipeline_);
  }
  WhepViewer(const WhepViewer &) = delete;
  WhepViewer &operator=(const WhepViewer &) = delete;

  // The offer with every candidate in it.
  std::string offer() {
    GstPromise *promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "create-offer", nullptr, promise);
    gst_promise_wait(promise);
    GstWebRTCSessionDescription *offer = nullptr;
    gst_structure_get(gst_promise_get_reply(promise), "offer",
                      GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, nullptr);
    gst_promise_unref(promise);
    if (!offer)
      throw std::runtime_error("webrtcbin made no offer");
    promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "set-local-description", offer, promise);
    gst_promise_wait(promise);
    gst_promise_unref(promise);
    gst_webrtc_session_description_free(offer);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    GstWebRTCICEGatheringState state = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
    while (std::chrono::steady_clock::now() < deadline) {
      g_object_get(webrtc_, "ice-gathering-state", &state, nullptr);
      if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    GstWebRTCSessionDescription *local = nullptr;
    g_object_get(webrtc_, "local-description", &local, nullptr);
    gchar *text = gst_sdp_message_as_text(local->sdp);
    std::string sdp = text;
    g_free(text);
    gst_webrtc_session_description_free(local);
    return sdp;
  }

  // POSTs the offer to `target`; on 201 takes the answer.
  HttpAnswer connect(uint16_t port, const std::string &target,
                     const std::vector<std::pair<std::string, std::string>> &extra = {}) {
    const std::string sdp = offer();
    posted_ = std::chrono::steady_clock::now();
    HttpAnswer answer = http_request(port, boost::beast::http::verb::post, target, sdp,
                                     "application/sdp", extra);
    if (answer.status != 201)
      return answer;
    GstSDPMessage *message = nullptr;
    if (gst_sdp_message_new_from_text(answer.body.c_str(), &message) != GST_SDP_OK)
      throw std::runtime_error("the answer is not SDP");
    GstWebRTCSessionDescription *desc =
        gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_ANSWER, message);
    GstPromise *promise = gst_promise_new();
    g_signal_emit_by_name(webrtc_, "set-remote-description", desc, promise);
    gst_promise_wait(promise);
    gst_promise_unref(promise);
    gst_webrtc_session_description_free(desc);
    return answer;
  }

  uint64_t video_frames() const { return video_frames_; }
  uint64_t audio_buffers() const { return audio_buffers_; }
  // From the POST to the first decoded frame; 0 before it.
  std::chrono::microseconds first_frame_after() const {
    return std::chrono::microseconds(first_frame_us_.load());
  }

private:
  void add_transceiver(const char *caps_text) {
    GstCaps *caps = gst_caps_from_string(caps_text);
    GstWebRTCRTPTransceiver *t = nullptr;
    g_signal_emit_by_name(webrtc_, "add-transceiver",
                          GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_RECVONLY, caps, &t);
    gst_caps_unref(caps);
    if (t)
      gst_object_unref(t);
  }

  static GstPadProbeReturn count(GstPad *, GstPadProbeInfo *, gpointer data) {
    ++*static_cast<std::atomic<uint64_t> *>(data);
    return GST_PAD_PROBE_OK;
  }
  static GstPadProbeReturn first(GstPad *, GstPadProbeInfo *, gpointer data) {
    auto *self = static_cast<WhepViewer *>(data);
    if (self->first_frame_us_ == 0)
      self->first_frame_us_ = std::chrono::duration_cast<std::chrono::microseconds>(
                                  std::chrono::steady_clock::now() - self->posted_)
                                  .count();
    return GST_PAD_PROBE_REMOVE;
  }

  static void on_pad(GstElement *, GstPad *pad, gpointer data) {
    auto *self = static_cast<WhepViewer *>(data);
    if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC)
      return;
    GstCaps *caps = gst_pad_get_current_caps(pad);
    if (!caps)
      caps = gst_pad_query_caps(pad, nullptr);
    const GstStructure *s = gst_caps_get_structure(caps, 0);
    const bool video = g_strcmp0(gst_structure_get_string(s, "media"), "video") == 0;
    gst_caps_unref(caps);
    GstElement *bin = gst_parse_bin_from_description(
        video ? (self->h264_ ? "rtph264depay ! avdec_h264 ! fakesink name=out sync=false "
                               "async=false"
                             : "rtpvp8depay ! vp8dec ! fakesink name=out sync=false "
                               "async=false")
              : "rtpopusdepay ! opusdec ! fakesink name=out sync=false async=false",
        TRUE, nullptr);
    gst_bin_add(GST_BIN(self->pipeline_), bin);
    gst_element_sync_state_with_parent(bin);
    GstPad *sink = gst_element_get_static_pad(bin, "sink");
    gst_pad_link(pad, sink);
    gst_object_unref(sink);
    GstElement *out = gst_bin_get_by_name(GST_BIN(bin), "out");
    GstPad *out_sink = gst_element_get_static_pad(out, "sink");
    gst_pad_add_probe(out_sink, GST_PAD_PROBE_TYPE_BUFFER, count,
                      video ? &self->video_frames_ : &self->audio_buffers_, nullptr);
    if (video)
      gst_pad_add_probe(out_sink, GST_PAD_PROBE_TYPE_BUFFER, first, self, nullptr);
    gst_object_unref(out_sink);
    gst_object_unref(out);
  }

  bool h264_ = false;
  GstElement *pipeline_ = nullptr;
  GstElement *webrtc_ = nullptr;
  std::atomic<uint64_t> video_frames_{0};
  std::atomic<uint64_t> audio_buffers_{0};
  std::chrono::steady_clock::time_point posted_;
  std::atomic<int64_t> first_frame_us_{0};
};

} // namespace flu::webrtc_test
