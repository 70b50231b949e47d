// Remux: see remux.hpp.
#include "remux.hpp"

#include <mutex>
#include <string>

namespace flu::modules {
namespace {

// One connection's state, owned by its inner pipeline.
struct State {
  GstElement *inner = nullptr;
  std::mutex mutex;
  GstElement *muxer = nullptr;
  bool bare_linked = false;
};

std::string container(GstElement *inner) {
  GstElement *typefind = gst_bin_get_by_name(GST_BIN(inner), "flu-type");
  GstCaps *caps = nullptr;
  if (typefind) {
    g_object_get(typefind, "caps", &caps, nullptr);
    gst_object_unref(typefind);
  }
  std::string name = caps ? gst_structure_get_name(gst_caps_get_structure(caps, 0)) : "";
  if (caps)
    gst_caps_unref(caps);
  return name;
}

GstElement *streamable(const char *factory) {
  GstElement *muxer = gst_element_factory_make(factory, nullptr);
  if (muxer)
    g_object_set(muxer, "streamable", TRUE, nullptr);
  return muxer;
}

GstElement *muxer_for(const std::string &type) {
  if (type == "video/webm" || type == "audio/webm")
    return streamable("webmmux");
  if (type == "video/x-matroska" || type == "audio/x-matroska")
    return streamable("matroskamux");
  if (type == "application/ogg" || type == "audio/ogg" || type == "video/ogg")
    return gst_element_factory_make("oggmux", nullptr);
  return nullptr; // a bare stream: no container to rebuild
}

GstPad *out_pad(GstElement *inner) {
  GstElement *out = gst_bin_get_by_name(GST_BIN(inner), "flu-out");
  GstPad *pad = gst_element_get_static_pad(out, "sink");
  gst_object_unref(out);
  return pad;
}

// parsebin adds every pad of the stream before it lets data through any of
// them, so each is linked here, on the muxer made at the first, before the
// muxer writes its headers.
void on_pad(GstElement *, GstPad *pad, State *state) {
  std::lock_guard lock(state->mutex);
  GstBin *bin = GST_BIN(state->inner);
  if (!state->muxer && !state->bare_linked) {
    state->muxer = muxer_for(container(state->inner));
    GstPad *sink = out_pad(state->inner);
    if (state->muxer) {
      gst_bin_add(bin, state->muxer);
      GstPad *src = gst_element_get_static_pad(state->muxer, "src");
      gst_pad_link(src, sink);
      gst_object_unref(src);
      gst_element_sync_state_with_parent(state->muxer);
    } else {
      gst_pad_link(pad, sink);
      state->bare_linked = true;
    }
    gst_object_unref(sink);
    if (!state->muxer)
      return;
  }
  if (!state->muxer)
    return; // a bare stream carries one elementary stream only
  GstElement *queue = gst_element_factory_make("queue", nullptr);
  gst_bin_add(bin, queue);
  GstPad *queue_sink = gst_element_get_static_pad(queue, "sink");
  gst_pad_link(pad, queue_sink);
  gst_object_unref(queue_sink);
  gst_element_link(queue, state->muxer);
  gst_element_sync_state_with_parent(queue);
}

} // namespace

void Remux::attach(GstElement *inner) {
  GstElement *parse = gst_bin_get_by_name(GST_BIN(inner), "flu-parse");
  if (!parse)
    return;
  auto *state = new State;
  state->inner = inner;
  g_object_set_data_full(G_OBJECT(inner), "flu-remux", state,
                         [](gpointer p) { delete static_cast<State *>(p); });
  g_signal_connect(parse, "pad-added", G_CALLBACK(&on_pad), state);
  gst_object_unref(parse);
}

} // namespace flu::modules
