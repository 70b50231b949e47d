// OggChain: a passed-through Ogg stream kept as one chain across the
// source's restarts.
//
// Each connection's oggmux would start a new chain (new serial numbers,
// its headers again, its own page numbers), and a chain that starts mid-
// stream is what many players cannot follow: FFmpeg's demuxer stops at the
// second chain of a stream with more than one logical stream (Theora and
// Vorbis), so a viewer connected across a restart of the source would hear
// and see nothing more. So the muxer outlives the connections: one oggmux,
// in a pipeline of this object's own, takes the elementary streams of every
// connection (parsebin's, their time shifted by Remux to go on growing)
// through an appsrc per stream, and its pages go to the connection's inner
// pipeline, where the pull takes them as before. oggmux makes the granule
// positions from that time, so they keep growing too, and viewers see one
// chain with the same headers (a late viewer gets them first, from the
// caps).
//
// A connection whose streams differ from the chain's (other caps, which
// include the codec headers, or another number of streams: the source was
// restarted with other settings) cannot go on in that chain: a new oggmux
// starts a new chain, whose new headers the http-streamer sends to its
// viewers.
#pragma once

#include <gst/gst.h>

#include <deque>
#include <memory>
#include <mutex>
#include <vector>

namespace flu::modules {

class OggChain {
public:
  OggChain();
  ~OggChain();
  OggChain(const OggChain &) = delete;
  OggChain &operator=(const OggChain &) = delete;

  // A connection with these streams (their caps, in parsebin's order; the
  // caps are taken) begins; `out` is the appsrc of its inner pipeline that
  // takes the pages. True when the chain goes on, false when a new one
  // started.
  bool begin(std::vector<GstCaps *> streams, GstElement *out);
  // The connection whose pages went to `out` has ended.
  void end(GstElement *out);
  // A buffer of stream `stream` of the current connection, its time the
  // running time of the connection (shifted). Header packets (in the caps)
  // and video before the connection's first key frame are left out.
  void push(GstElement *out, size_t stream, GstBuffer *buffer, GstClockTime pts,
            GstClockTime dts);

  struct Mux; // one oggmux and its appsrcs: one chain

private:
  static GstFlowReturn on_page(GstElement *sink, gpointer data);
  void page(Mux *from, GstSample *sample);
  void deliver(GstBuffer *buffer, GstCaps *caps);

  std::mutex mutex_;
  std::unique_ptr<Mux> mux_;
  GstElement *out_ = nullptr; // the current connection's appsrc (a ref)
  GstCaps *out_caps_ = nullptr;
  std::vector<bool> keyed_; // each stream has had a key frame on this connection
  // Pages the muxer wrote while no connection was there (its last packets
  // come out when the next connection feeds it): they go first.
  std::deque<std::pair<GstBuffer *, GstCaps *>> held_;
};

} // namespace flu::modules
