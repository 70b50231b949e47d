// srt-producer: see srt_producer.hpp.
#include "srt_producer.hpp"

#include <flu/sdk/raw_av.hpp>

#include <stdexcept>

namespace flu::modules {
namespace {

std::string appsrc(const char *name) {
  return std::string("appsrc name=") + name + " is-live=true format=time max-bytes=0 ! ";
}

// The srt:// URI and the srtsrc properties, checked.
std::string source(const sdk::Host &config) {
  const std::string mode = config.string("mode");
  if (mode != "caller" && mode != "listener")
    throw std::runtime_error("mode must be caller or listener, got '" + mode + "'");
  const std::string host = config.string("host");
  if (host.find_first_of(" \"?&:/") != std::string::npos || host.empty())
    throw std::runtime_error("host '" + host + "' is not an address");
  const int64_t port = config.integer("port", 1, 65535);
  const int64_t latency = config.integer("latency", 0, 60000);
  std::string text = "srtsrc name=flu-source uri=\"srt://" + host + ":" +
                     std::to_string(port) + "?mode=" + mode +
                     "\" latency=" + std::to_string(latency) + " poll-timeout=5000";
  if (config.has("passphrase")) {
    const std::string pass = config.string("passphrase");
    if (pass.size() < 10 || pass.size() > 79)
      throw std::runtime_error("passphrase must have 10 to 79 characters, got " +
                               std::to_string(pass.size()));
    if (pass.find_first_of("\"\\") != std::string::npos)
      throw std::runtime_error("passphrase may not contain quotes or backslashes");
    text += " passphrase=\"" + pass + "\" pbkeylen=16";
  }
  return text;
}

// parsebin's streams appear once their caps are known: each goes to the
// branch of its media (video, audio), the first of each.
void link_stream(GstElement *, GstPad *pad, GstElement *inner) {
  GstCaps *caps = gst_pad_get_current_caps(pad);
  if (!caps)
    caps = gst_pad_query_caps(pad, nullptr);
  const std::string name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  gst_caps_unref(caps);
  const std::string media = name.substr(0, name.find('/'));
  if (GstElement *queue =
          gst_bin_get_by_name(GST_BIN(inner), ("flu-" + media + "-in").c_str())) {
    GstPad *sink = gst_element_get_static_pad(queue, "sink");
    if (!gst_pad_is_linked(sink))
      gst_pad_link(pad, sink);
    gst_object_unref(sink);
    gst_object_unref(queue);
  }
}

void prepare(GstElement *inner) {
  if (GstElement *parse = gst_bin_get_by_name(GST_BIN(inner), "flu-parse")) {
    g_signal_connect(parse, "pad-added", G_CALLBACK(&link_stream), inner);
    gst_object_unref(parse);
  }
}

} // namespace

std::string SrtProducer::pipeline(const sdk::Host &config) {
  source(config); // refused now rather than on every try
  config.integer("connect-timeout", 0, 3600);
  if (config.boolean("passthrough"))
    return appsrc("flu-srt-ts") + "@feeder:default@ " + appsrc("flu-srt-audio") +
           "@feeder:audio@ " + appsrc("flu-srt-video") + "@feeder:video@";
  return appsrc("flu-srt-ts") + "@feeder:default@ " + appsrc("flu-srt-audio") +
         "queue ! " + sdk::raw_av::audio(config, "flu-level-audio") + "@feeder:audio@ " +
         appsrc("flu-srt-video") + "queue ! " + sdk::raw_av::video(config) +
         "@feeder:video@";
}

SrtProducer::SrtProducer(const sdk::Host &host, GstElement *pipeline) {
  // MPEG-TS needs no remuxing for a late viewer: it repeats its tables
  // and any packet boundary is a place to start. srtsrc is not a live
  // source in GStreamer 1.22, so the pipeline would wait for every appsink
  // to preroll, and the ts appsink, prerolled first, holds the tee's
  // allocation query so the decoded ones never get data: async=false.
  std::string inner =
      source(host) + " ! video/mpegts,systemstream=true,packetsize=188 ! tee name=t t. ! "
                     "queue ! appsink name=ts sync=false async=false";
  std::vector<sdk::Pull::Route> routes{{"ts", "flu-srt-ts", true}};
  const bool passthrough = host.boolean("passthrough");
  if (passthrough) {
    // Each feeder gets its elementary stream, parsed (headers in the caps,
    // key frames marked), from its first key frame: every feeder flows, as
    // the job's pipeline plays only once all of its sinks have data.
    inner += " t. ! queue ! parsebin name=flu-parse "
             "queue name=flu-audio-in ! appsink name=audio sync=false async=false "
             "queue name=flu-video-in ! appsink name=video sync=false async=false";
    routes.push_back({"audio", "flu-srt-audio", false, true});
    routes.push_back({"video", "flu-srt-video", false, true});
  } else {
    inner +=
        " t. ! queue ! decodebin name=decode decode. ! audioconvert ! audioresample ! "
        "audio/x-raw,format=S16LE ! queue ! appsink name=audio sync=false async=false "
        "decode. ! videoconvert ! video/x-raw,format=I420 ! queue ! "
        "appsink name=video sync=false async=false";
    routes.push_back({"audio", "flu-srt-audio"});
    routes.push_back({"video", "flu-srt-video"});
  }
  if (!passthrough)
    meter_ =
        std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-audio", "audio");
  const std::string where = "srt://" + host.string("host") + ":" + host.string("port") +
                            " (" + host.string("mode") + ")";
  // srtsrc waits quietly for a peer, and a listener says nothing of a
  // caller whose passphrase is wrong: the limit makes that heard.
  sdk::Pull::Options options;
  options.prepare = &prepare;
  if (const int64_t limit = host.integer("connect-timeout"); limit > 0)
    options.connect_limit = static_cast<GstClockTime>(limit) * GST_SECOND;
  options.silent_reason = "no SRT peer connected (none there, or the handshake failed: "
                          "wrong passphrase?)";
  pull_ = std::make_unique<sdk::Pull>(host, pipeline, inner, routes, where,
                                      std::move(options));
}

} // namespace flu::modules
