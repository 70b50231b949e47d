// Linking a muxer's inputs once their caps are known.
//
// A muxer with per-kind request pads (webmmux: video_%u, audio_%u) cannot be
// linked by gst-launch syntax: when the host parses the pipeline, its eaters
// still answer ANY caps (the feed's caps come with its first data), so `mux.`
// picks a pad by luck. A muxer component instead writes its inputs with
// mux_inputs() and, in its instance constructor, keeps a MuxInputs:
//
//   static std::string pipeline(const flu::sdk::Host &host) {
//     return flu::sdk::mux_inputs(host.feed_count("default")) +
//            "webmmux name=mux streamable=true ! @feeder:default@";
//   }
//   WebmMuxer(const flu::sdk::Host &host, GstElement *pipeline)
//       : inputs_(pipeline, "mux", host.feed_count("default")) {}
//
// MuxInputs blocks every input queue's src pad on its first buffer (stream
// start, caps and segment pass and stay stored on the unlinked pad). Once every
// input has reached its first buffer, it requests for each one the muxer pad
// whose template accepts its caps (video/* -> video_%u, audio/* -> audio_%u),
// links them all and unblocks them; the stored events then reach the muxer
// ahead of the first buffer. So the muxer never writes its header before every
// stream is linked. An input that ends before sending data is left out.
//
// Threading: the probes run on the inputs' streaming threads; the state they
// share lives behind a mutex and is reference-counted by each probe, so a
// callback still running while the instance is destroyed uses valid memory.
// The destructor removes every probe, so no pad calls into the module after
// it; inputs still blocked are deactivated first (they flush instead of
// pushing into an unlinked pad, which would be a NOT_LINKED error).
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace flu::sdk {

// The name of the queue that ends input `index` of a muxer.
inline std::string mux_input_name(uint32_t index) {
  return "flu-mux-in-" + std::to_string(index);
}

// One chain per feed of `eater`: "@eater:EATER:i@ ! queue name=flu-mux-in-i ...".
// The queues hold up to three seconds, enough for an encoder's latency and for
// feeds that start a little apart.
inline std::string mux_inputs(uint32_t feeds, const char *eater = "default") {
  if (feeds == 0)
    throw std::runtime_error(std::string("eater '") + eater + "' has no feed to mux");
  std::string text;
  for (uint32_t i = 0; i < feeds; ++i)
    text += "@eater:" + std::string(eater) + ":" + std::to_string(i) +
            "@ ! queue name=" + mux_input_name(i) +
            " max-size-buffers=0 max-size-bytes=0 max-size-time=3000000000 ";
  return text;
}

class MuxInputs {
public:
  // `muxer` names the muxer element in `pipeline`; `inputs` is how many
  // flu-mux-in-N queues mux_inputs() wrote.
  MuxInputs(GstElement *pipeline, const char *muxer, uint32_t inputs)
      : state_(std::make_shared<State>()) {
    if (!GST_IS_BIN(pipeline))
      throw std::runtime_error("the muxer's pipeline is not a bin");
    state_->muxer = gst_bin_get_by_name(GST_BIN(pipeline), muxer);
    if (!state_->muxer)
      throw std::runtime_error(std::string("no element named '") + muxer +
                               "' to mux into");
    for (uint32_t i = 0; i < inputs; ++i) {
      const std::string name = mux_input_name(i);
      GstElement *queue = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
      GstPad *pad = queue ? gst_element_get_static_pad(queue, "src") : nullptr;
      if (queue)
        gst_object_unref(queue);
      if (!pad) {
        remove_probes();
        throw std::runtime_error("no muxer input '" + name + "' in the pipeline");
      }
      state_->inputs.push_back({pad, 0, Input::waiting});
    }
    // Probes go on only once every input is known: the first callback may run
    // at once and must see all of them.
    std::lock_guard lock(state_->mutex);
    for (uint32_t i = 0; i < inputs; ++i) {
      Input &input = state_->inputs[i];
      input.probe = gst_pad_add_probe(
          input.pad,
          static_cast<GstPadProbeType>(
              GST_PAD_PROBE_TYPE_BLOCK | GST_PAD_PROBE_TYPE_BUFFER |
              GST_PAD_PROBE_TYPE_BUFFER_LIST | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM),
          &on_probe, new Probe{state_, i}, &Probe::destroy);
    }
  }

  ~MuxInputs() { remove_probes(); }

  MuxInputs(const MuxInputs &) = delete;
  MuxInputs &operator=(const MuxInputs &) = delete;

  // True once every input with data is linked to the muxer.
  bool linked() const {
    std::lock_guard lock(state_->mutex);
    return state_->linked;
  }

private:
  struct Input {
    GstPad *pad;  // the input queue's src pad (owned)
    gulong probe; // 0 once removed
    enum { waiting, ready, ended } stage;
  };

  struct State {
    mutable std::mutex mutex;
    GstElement *muxer = nullptr; // owned
    std::vector<Input> inputs;
    bool linked = false;  // the inputs are linked, the probes gone
    bool closing = false; // the instance is going away
    bool failed = false;  // an error was posted; the inputs stay blocked

    ~State() {
      for (Input &input : inputs)
        gst_object_unref(input.pad);
      if (muxer)
        gst_object_unref(muxer);
    }
  };

  // What one probe holds: a reference to the shared state and its input.
  struct Probe {
    std::shared_ptr<State> state;
    uint32_t index;
    static void destroy(gpointer data) { delete static_cast<Probe *>(data); }
  };

  static GstPadProbeReturn on_probe(GstPad *, GstPadProbeInfo *info, gpointer data) {
    auto *probe = static_cast<Probe *>(data);
    State &state = *probe->state;
    const bool is_event =
        (GST_PAD_PROBE_INFO_TYPE(info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) != 0;
    if (is_event && GST_EVENT_TYPE(GST_PAD_PROBE_INFO_EVENT(info)) != GST_EVENT_EOS)
      return GST_PAD_PROBE_PASS; // stored on the pad if sticky, sent once linked

    // An event passes (an input that ends before its data is left out); a
    // buffer blocks (OK) while the probe stays, or flows on once it is gone.
    const GstPadProbeReturn hold = is_event ? GST_PAD_PROBE_PASS : GST_PAD_PROBE_OK;
    std::lock_guard lock(state.mutex);
    if (state.closing)
      return is_event ? GST_PAD_PROBE_PASS : GST_PAD_PROBE_DROP;
    if (state.failed)
      return hold;
    if (state.linked)
      return GST_PAD_PROBE_PASS;
    state.inputs[probe->index].stage = is_event ? Input::ended : Input::ready;
    for (const Input &other : state.inputs)
      if (other.stage == Input::waiting)
        return hold;
    link_all(state);
    return state.failed ? hold : GST_PAD_PROBE_PASS;
  }

  // Runs on the streaming thread of the last input to arrive, with the mutex
  // held and every other input blocked on its first buffer or ended.
  static void link_all(State &state) {
    std::string error;
    for (uint32_t i = 0; i < state.inputs.size() && error.empty(); ++i) {
      Input &input = state.inputs[i];
      if (input.stage != Input::ready)
        continue;
      const std::string feed = "feed " + std::to_string(i);
      GstCaps *caps = gst_pad_get_current_caps(input.pad);
      if (!caps) {
        error = feed + " sent data without caps";
        break;
      }
      GstPad *sink = request_pad(state.muxer, caps);
      if (!sink) {
        error = feed + " (" + media_type(caps) + ") cannot go into " +
                factory_name(state.muxer) + ", which takes " + accepted(state.muxer);
      } else {
        const GstPadLinkReturn ret = gst_pad_link(input.pad, sink);
        if (GST_PAD_LINK_FAILED(ret))
          error = "cannot link " + feed + " (" + media_type(caps) + ") to " +
                  factory_name(state.muxer) + " pad " + GST_OBJECT_NAME(sink) + ": " +
                  gst_pad_link_get_name(ret);
        gst_object_unref(sink);
      }
      gst_caps_unref(caps);
    }
    bool any = false;
    for (const Input &input : state.inputs)
      any = any || input.stage == Input::ready;
    if (error.empty() && !any)
      error = "every feed ended before sending data";
    if (!error.empty()) {
      state.failed = true;
      post_error(state.muxer, error);
      return;
    }
    // Removing a blocking probe wakes its pad; the pad then sends its stored
    // events, then the buffer it was holding.
    for (Input &input : state.inputs)
      if (input.probe) {
        gst_pad_remove_probe(input.pad, input.probe);
        input.probe = 0;
      }
    state.linked = true;
  }

  // A new pad of the first request (or free always) sink template that
  // accepts `caps`; nullptr if none does.
  static GstPad *request_pad(GstElement *muxer, GstCaps *caps) {
    const GList *templates =
        gst_element_class_get_pad_template_list(GST_ELEMENT_GET_CLASS(muxer));
    for (const GList *l = templates; l; l = l->next) {
      auto *templ = static_cast<GstPadTemplate *>(l->data);
      if (GST_PAD_TEMPLATE_DIRECTION(templ) != GST_PAD_SINK)
        continue;
      GstCaps *accepted = gst_pad_template_get_caps(templ);
      const bool fits = gst_caps_can_intersect(accepted, caps);
      gst_caps_unref(accepted);
      if (!fits)
        continue;
      GstPad *pad = nullptr;
      if (GST_PAD_TEMPLATE_PRESENCE(templ) == GST_PAD_REQUEST) {
        pad = gst_element_request_pad(muxer, templ, nullptr, caps);
      } else if (GST_PAD_TEMPLATE_PRESENCE(templ) == GST_PAD_ALWAYS) {
        pad = gst_element_get_static_pad(muxer, GST_PAD_TEMPLATE_NAME_TEMPLATE(templ));
        if (pad && gst_pad_is_linked(pad)) {
          gst_object_unref(pad);
          pad = nullptr;
        }
      }
      if (pad)
        return pad;
    }
    return nullptr;
  }

  static std::string media_type(const GstCaps *caps) {
    if (gst_caps_is_empty(caps) || gst_caps_is_any(caps))
      return gst_caps_is_any(caps) ? "ANY" : "EMPTY";
    return gst_structure_get_name(gst_caps_get_structure(caps, 0));
  }

  static std::string factory_name(GstElement *element) {
    GstElementFactory *factory = gst_element_get_factory(element);
    return factory ? GST_OBJECT_NAME(factory) : GST_OBJECT_NAME(element);
  }

  // The media types of the muxer's sink templates: "video/x-vp8, audio/x-opus, ...".
  static std::string accepted(GstElement *muxer) {
    std::string out;
    const GList *templates =
        gst_element_class_get_pad_template_list(GST_ELEMENT_GET_CLASS(muxer));
    for (const GList *l = templates; l; l = l->next) {
      auto *templ = static_cast<GstPadTemplate *>(l->data);
      if (GST_PAD_TEMPLATE_DIRECTION(templ) != GST_PAD_SINK)
        continue;
      GstCaps *caps = gst_pad_template_get_caps(templ);
      for (guint i = 0; i < gst_caps_get_size(caps); ++i)
        out += (out.empty() ? "" : ", ") +
               std::string(gst_structure_get_name(gst_caps_get_structure(caps, i)));
      gst_caps_unref(caps);
    }
    return out.empty() ? "nothing" : out;
  }

  static void post_error(GstElement *muxer, const std::string &text) {
    GError *error =
        g_error_new_literal(GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT, text.c_str());
    gst_element_post_message(
        muxer, gst_message_new_error(GST_OBJECT(muxer), error, "flu::sdk::MuxInputs"));
    g_error_free(error);
  }

  void remove_probes() {
    std::vector<std::pair<GstPad *, gulong>> probes;
    bool blocked = false;
    {
      std::lock_guard lock(state_->mutex);
      state_->closing = true;
      blocked = !state_->linked;
      for (Input &input : state_->inputs)
        if (input.probe) {
          probes.emplace_back(input.pad, input.probe);
          input.probe = 0;
        }
    }
    // Without the mutex: deactivating waits for the pad's streaming thread,
    // which may be waiting for the mutex in on_probe.
    for (auto [pad, probe] : probes) {
      if (blocked)
        gst_pad_set_active(pad, FALSE);
      gst_pad_remove_probe(pad, probe);
    }
  }

  std::shared_ptr<State> state_;
};

} // namespace flu::sdk
