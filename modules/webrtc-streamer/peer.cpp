// One viewer's peer connection (see peer.hpp).
#define GST_USE_UNSTABLE_API // GstWebRTC's headers ask for it
#include "peer.hpp"

#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

namespace flu::webrtc_streamer {

struct Peer::State {
  GstElement *webrtc = nullptr; // not owned
  std::mutex mutex;
  Answered answered;      // empty once called
  bool local_set = false; // the answer is our local description
  bool closed = false;    // the Peer is going: no more callbacks out
  Gone gone;
  std::atomic<uint64_t> bytes{0};
};

namespace {

using StatePtr = std::shared_ptr<Peer::State>;

StatePtr *hold(const StatePtr &state) { return new StatePtr(state); }
void release(gpointer data) { delete static_cast<StatePtr *>(data); }
void release_closure(gpointer data, GClosure *) { release(data); }

std::string sdp_text(GstWebRTCSessionDescription *desc) {
  if (!desc || !desc->sdp)
    return {};
  gchar *text = gst_sdp_message_as_text(desc->sdp);
  std::string out = text ? text : "";
  g_free(text);
  return out;
}

std::string local_answer(GstElement *webrtc) {
  GstWebRTCSessionDescription *desc = nullptr;
  g_object_get(webrtc, "local-description", &desc, nullptr);
  std::string text = sdp_text(desc);
  if (desc)
    gst_webrtc_session_description_free(desc);
  return text;
}

// Calls the answer callback once, with the local description or an error.
void finish(Peer::State &s, bool ok, std::string text) {
  Peer::Answered answered;
  {
    std::lock_guard lock(s.mutex);
    if (s.closed || !s.answered)
      return;
    answered = std::move(s.answered);
    s.answered = nullptr;
  }
  answered(ok, std::move(text));
}

void deliver_if_gathered(Peer::State &s) {
  GstWebRTCICEGatheringState gathering = GST_WEBRTC_ICE_GATHERING_STATE_NEW;
  g_object_get(s.webrtc, "ice-gathering-state", &gathering, nullptr);
  bool ready = false;
  {
    std::lock_guard lock(s.mutex);
    ready = s.local_set && gathering == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE;
  }
  if (ready)
    finish(s, true, local_answer(s.webrtc));
}

// The error a promise's reply carries, or "" when it has none.
std::string promise_error(GstPromise *promise) {
  if (gst_promise_wait(promise) != GST_PROMISE_RESULT_REPLIED)
    return "webrtcbin did not answer";
  const GstStructure *reply = gst_promise_get_reply(promise);
  if (!reply || !gst_structure_has_field(reply, "error"))
    return {};
  GError *error = nullptr;
  gst_structure_get(reply, "error", G_TYPE_ERROR, &error, nullptr);
  std::string text = error ? error->message : "unknown error";
  g_clear_error(&error);
  return text;
}

void on_local_set(GstPromise *promise, gpointer data) {
  auto &s = **static_cast<StatePtr *>(data);
  const std::string error = promise_error(promise);
  gst_promise_unref(promise);
  if (!error.empty())
    return finish(s, false, "cannot use the answer: " + error);
  {
    std::lock_guard lock(s.mutex);
    s.local_set = true;
  }
  deliver_if_gathered(s);
}

void on_answer_made(GstPromise *promise, gpointer data) {
  auto &state = *static_cast<StatePtr *>(data);
  const std::string error = promise_error(promise);
  GstWebRTCSessionDescription *answer = nullptr;
  if (error.empty())
    gst_structure_get(gst_promise_get_reply(promise), "answer",
                      GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, nullptr);
  gst_promise_unref(promise);
  if (!answer)
    return finish(*state, false,
                  "cannot answer the offer: " + (error.empty() ? "no answer" : error));
  GstPromise *set = gst_promise_new_with_change_func(on_local_set, hold(state), release);
  g_signal_emit_by_name(state->webrtc, "set-local-description", answer, set);
  gst_webrtc_session_description_free(answer);
}

void on_offer_set(GstPromise *promise, gpointer data) {
  auto &state = *static_cast<StatePtr *>(data);
  const std::string error = promise_error(promise);
  gst_promise_unref(promise);
  if (!error.empty())
    return finish(*state, false, "the offer was refused: " + error);
  GstPromise *make =
      gst_promise_new_with_change_func(on_answer_made, hold(state), release);
  g_signal_emit_by_name(state->webrtc, "create-answer", nullptr, make);
}

void on_gathering(GstElement *, GParamSpec *, gpointer data) {
  deliver_if_gathered(**static_cast<StatePtr *>(data));
}

void on_connection(GstElement *webrtc, GParamSpec *, gpointer data) {
  auto &s = **static_cast<StatePtr *>(data);
  GstWebRTCPeerConnectionState state = GST_WEBRTC_PEER_CONNECTION_STATE_NEW;
  g_object_get(webrtc, "connection-state", &state, nullptr);
  if (state != GST_WEBRTC_PEER_CONNECTION_STATE_FAILED &&
      state != GST_WEBRTC_PEER_CONNECTION_STATE_CLOSED)
    return;
  Peer::Gone gone;
  {
    std::lock_guard lock(s.mutex);
    if (s.closed)
      return;
    gone = s.gone;
  }
  if (gone)
    gone();
}

// A viewer that joins mid-GOP gets nothing until the next keyframe: what
// comes before it cannot be decoded anyway.
GstPadProbeReturn until_keyframe(GstPad *, GstPadProbeInfo *info, gpointer) {
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER(info);
  if (GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT))
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_REMOVE;
}

GstPadProbeReturn count_bytes(GstPad *, GstPadProbeInfo *info, gpointer data) {
  auto &s = **static_cast<StatePtr *>(data);
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    s.bytes += gst_buffer_get_size(GST_PAD_PROBE_INFO_BUFFER(info));
  else if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    s.bytes += gst_buffer_list_calculate_size(GST_PAD_PROBE_INFO_BUFFER_LIST(info));
  return GST_PAD_PROBE_OK;
}

struct Unlinked {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
};

GstPadProbeReturn unlink_when_idle(GstPad *pad, GstPadProbeInfo *, gpointer data) {
  auto &u = *static_cast<Unlinked *>(data);
  if (GstPad *peer = gst_pad_get_peer(pad)) {
    gst_pad_unlink(pad, peer);
    gst_object_unref(peer);
  }
  std::lock_guard lock(u.mutex);
  u.done = true;
  u.cv.notify_all();
  return GST_PAD_PROBE_REMOVE;
}

GstElement *make(const std::string &description, const std::string &what) {
  GError *error = nullptr;
  // A bin with ghost "sink" and "src" pads, whatever the description holds.
  GstElement *e = gst_parse_bin_from_description_full(
      description.c_str(), TRUE, nullptr, GST_PARSE_FLAG_FATAL_ERRORS, &error);
  if (!e) {
    const std::string text = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw std::runtime_error("cannot make the " + what + " (" + description +
                             "): " + text);
  }
  return e;
}

} // namespace

Peer::Peer(const Feeds &feeds, const std::string &id, const OfferedCodecs &codecs,
           Gone gone)
    : pipeline_(feeds.pipeline), state_(std::make_shared<State>()) {
  try {
    build(feeds, id, codecs, std::move(gone));
  } catch (...) {
    teardown();
    throw;
  }
}

void Peer::build(const Feeds &feeds, const std::string &id, const OfferedCodecs &codecs,
                 Gone gone) {
  state_->gone = std::move(gone);
  webrtc_ = gst_element_factory_make("webrtcbin", ("flu-peer-" + id).c_str());
  if (!webrtc_)
    throw std::runtime_error("cannot make a webrtcbin (gstreamer1.0-plugins-bad and "
                             "gstreamer1.0-nice installed?)");
  state_->webrtc = webrtc_;
  g_object_set(webrtc_, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, nullptr);
  if (!feeds.ice_addresses.empty()) {
    GObject *ice = nullptr;
    g_object_get(webrtc_, "ice-agent", &ice, nullptr);
    for (const std::string &address : feeds.ice_addresses) {
      gboolean added = FALSE;
      if (ice)
        g_signal_emit_by_name(ice, "add-local-ip-address", address.c_str(), &added);
      if (!added) {
        if (ice)
          g_object_unref(ice);
        gst_object_unref(webrtc_);
        webrtc_ = nullptr;
        throw std::runtime_error("ICE cannot gather on " + address);
      }
    }
    if (ice)
      g_object_unref(ice);
  }
  gst_bin_add(GST_BIN(pipeline_), webrtc_);
  g_signal_connect_data(webrtc_, "notify::ice-gathering-state", G_CALLBACK(on_gathering),
                        hold(state_), release_closure, GConnectFlags(0));
  g_signal_connect_data(webrtc_, "notify::connection-state", G_CALLBACK(on_connection),
                        hold(state_), release_closure, GConnectFlags(0));
  gst_element_sync_state_with_parent(webrtc_);

  const std::string vpt = std::to_string(*codecs.video_pt);
  if (feeds.video_codec == "H264")
    // webrtcbin matches the offer's profile-level-id with the stream's as
    // strings, so a constrained-baseline stream (42c01e) would not match an
    // offer of 42e01f: the viewer's own value labels its stream.
    add_branch(
        video_, feeds.video_tee,
        "rtph264pay config-interval=-1 aggregate-mode=zero-latency pt=" + vpt +
            (codecs.h264_profile.empty()
                 ? std::string()
                 : " ! capssetter caps=\"application/x-rtp,profile-level-id=(string)" +
                       codecs.h264_profile + "\""),
        "application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,"
        "packetization-mode=(string)1,payload=" +
            vpt +
            (codecs.h264_profile.empty()
                 ? std::string()
                 : ",profile-level-id=(string)" + codecs.h264_profile),
        true);
  else
    add_branch(video_, feeds.video_tee, "rtpvp8pay picture-id-mode=15-bit pt=" + vpt,
               "application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,"
               "payload=" +
                   vpt,
               true);
  if (feeds.audio_tee && codecs.audio_pt) {
    const std::string apt = std::to_string(*codecs.audio_pt);
    add_branch(audio_, feeds.audio_tee, "rtpopuspay pt=" + apt,
               "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,"
               "encoding-params=(string)2,payload=" +
                   apt,
               false);
  }
}

void Peer::add_branch(Branch &branch, GstElement *tee, const std::string &payloader,
                      const std::string &caps_text, bool wait_for_keyframe) {
  // Leaky: a viewer whose connection is not up yet, or stalls, loses its
  // own buffers and never holds the tee (and so the other viewers).
  branch.queue = gst_element_factory_make("queue", nullptr);
  g_object_set(branch.queue, "leaky", 2, "max-size-buffers", 0u, "max-size-bytes", 0u,
               "max-size-time", guint64(2 * GST_SECOND), nullptr);
  branch.payloader = make(payloader, "payloader");
  gst_bin_add_many(GST_BIN(pipeline_), branch.queue, branch.payloader, nullptr);
  if (!gst_element_link(branch.queue, branch.payloader))
    throw std::runtime_error("cannot link the queue to " + payloader);

  GstPad *pay_src = gst_element_get_static_pad(branch.payloader, "src");
  gst_pad_add_probe(
      pay_src,
      GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
      count_bytes, hold(state_), release);
  // Caps given with the request make the transceiver's kind and codec known
  // at once, so the viewer's offer finds it before any buffer has come.
  GstCaps *caps = gst_caps_from_string(caps_text.c_str());
  GstPad *sink = gst_element_request_pad(
      webrtc_, gst_element_get_pad_template(webrtc_, "sink_%u"), nullptr, caps);
  if (!sink) {
    gst_caps_unref(caps);
    gst_object_unref(pay_src);
    throw std::runtime_error("webrtcbin gave no sink pad for " + caps_text);
  }
  const GstPadLinkReturn linked = gst_pad_link(pay_src, sink);
  gst_object_unref(pay_src);
  if (linked != GST_PAD_LINK_OK) {
    gst_caps_unref(caps);
    gst_object_unref(sink);
    throw std::runtime_error("cannot link " + payloader + " to webrtcbin");
  }
  GstWebRTCRTPTransceiver *transceiver = nullptr;
  g_object_get(sink, "transceiver", &transceiver, nullptr);
  gst_object_unref(sink);
  if (transceiver) {
    g_object_set(transceiver, "direction", GST_WEBRTC_RTP_TRANSCEIVER_DIRECTION_SENDONLY,
                 "codec-preferences", caps, nullptr);
    gst_object_unref(transceiver);
  }
  gst_caps_unref(caps);
  if (wait_for_keyframe) {
    GstPad *queue_src = gst_element_get_static_pad(branch.queue, "src");
    gst_pad_add_probe(queue_src, GST_PAD_PROBE_TYPE_BUFFER, until_keyframe, nullptr,
                      nullptr);
    gst_object_unref(queue_src);
  }
  gst_element_sync_state_with_parent(branch.payloader);
  gst_element_sync_state_with_parent(branch.queue);

  branch.tee = tee;
  branch.tee_pad = gst_element_request_pad_simple(tee, "src_%u");
  GstPad *queue_sink = gst_element_get_static_pad(branch.queue, "sink");
  const GstPadLinkReturn fed = gst_pad_link(branch.tee_pad, queue_sink);
  gst_object_unref(queue_sink);
  if (fed != GST_PAD_LINK_OK)
    throw std::runtime_error("cannot link the stream's tee to a viewer");
}

void Peer::answer(const std::string &offer, Answered answered) {
  {
    std::lock_guard lock(state_->mutex);
    state_->answered = std::move(answered);
  }
  GstSDPMessage *sdp = nullptr;
  gst_sdp_message_new_from_text(offer.c_str(), &sdp);
  GstWebRTCSessionDescription *desc =
      gst_webrtc_session_description_new(GST_WEBRTC_SDP_TYPE_OFFER, sdp);
  GstPromise *promise =
      gst_promise_new_with_change_func(on_offer_set, hold(state_), release);
  g_signal_emit_by_name(webrtc_, "set-remote-description", desc, promise);
  gst_webrtc_session_description_free(desc);
}

std::string Peer::answer_so_far() const {
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->local_set)
      return {};
  }
  return local_answer(webrtc_);
}

uint64_t Peer::bytes_sent() const { return state_->bytes; }

void Peer::remove_branch(Branch &branch) {
  if (branch.tee_pad) {
    // Unlinked between two buffers, so the tee never pushes into a pad
    // that is going away.
    Unlinked unlinked;
    gst_pad_add_probe(branch.tee_pad, GST_PAD_PROBE_TYPE_IDLE, unlink_when_idle,
                      &unlinked, nullptr);
    {
      std::unique_lock lock(unlinked.mutex);
      if (!unlinked.cv.wait_for(lock, std::chrono::seconds(2),
                                [&] { return unlinked.done; })) {
        lock.unlock();
        // The tee is stuck upstream of us; take the pad anyway.
        if (GstPad *peer = gst_pad_get_peer(branch.tee_pad)) {
          gst_pad_unlink(branch.tee_pad, peer);
          gst_object_unref(peer);
        }
      }
    }
    gst_element_release_request_pad(branch.tee, branch.tee_pad);
    gst_object_unref(branch.tee_pad);
    branch.tee_pad = nullptr;
  }
  for (GstElement *e : {branch.queue, branch.payloader}) {
    if (!e)
      continue;
    gst_element_set_state(e, GST_STATE_NULL);
    gst_bin_remove(GST_BIN(pipeline_), e);
  }
  branch = {};
}

Peer::~Peer() { teardown(); }

void Peer::teardown() {
  {
    // The callbacks may hold what holds us: let them go.
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
    state_->answered = nullptr;
    state_->gone = nullptr;
  }
  remove_branch(video_);
  remove_branch(audio_);
  if (webrtc_) {
    gst_element_set_state(webrtc_, GST_STATE_NULL);
    // Handlers go with the element; their StatePtr copies with them.
    gst_bin_remove(GST_BIN(pipeline_), webrtc_);
    webrtc_ = nullptr;
  }
}

} // namespace flu::webrtc_streamer
