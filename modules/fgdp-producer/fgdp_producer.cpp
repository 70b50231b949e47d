// fgdp-producer: see fgdp_producer.hpp.
#include "fgdp_producer.hpp"

#include "fgdp_settings.hpp"

#include <flu/sdk/viewer_auth.hpp>
#include <gst/app/gstappsrc.h>

namespace flu::fgdp {

namespace {
constexpr const char *kSourceName = "fgdp-src";
constexpr const char *kDepayName = "fgdp-depay";

// The same peer connecting again (a keycard expired, a stall) sends the same
// caps again; GStreamer 1.22's gdppay, in whatever eats this feed, crashes
// on a CAPS event equal to the one before. flu-job's feeders drop such a
// repeat, but a standalone job's feeder fragment has no such guard: drop it
// here, at the source.
// The pad's current caps are no guide: a sticky event is stored on the pad
// before the probe sees it. `data` holds the last caps that went through.
GstPadProbeReturn drop_repeated_caps(GstPad *, GstPadProbeInfo *info, gpointer data) {
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT(info);
  if (!event || GST_EVENT_TYPE(event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  auto **last = static_cast<GstCaps **>(data);
  GstCaps *caps = nullptr;
  gst_event_parse_caps(event, &caps);
  if (*last && gst_caps_is_equal(*last, caps))
    return GST_PAD_PROBE_DROP;
  gst_caps_replace(last, caps);
  return GST_PAD_PROBE_OK;
}

void free_last_caps(gpointer data) {
  auto **last = static_cast<GstCaps **>(data);
  gst_caps_replace(last, nullptr);
  delete last;
}

LinkEvents events_for(const flu::sdk::Host &cfg) {
  LinkEvents e;
  e.message = [cfg](flu_message_level level, const std::string &id,
                    const std::string &text) { cfg.message(level, id, text); };
  e.ui = [cfg](const std::string &key, const std::string &value) {
    cfg.ui_state(key, value);
  };
  e.log = [cfg](flu_log_level level, const std::string &text) { cfg.log(level, text); };
  e.hungry = [cfg](bool hungry, const std::string &why) {
    return cfg.hungry(hungry, why);
  };
  return e;
}

// Puts a keycard to the planet's bouncer `bouncer` through the host, and
// hands back every field of the answer (the SDK's authenticate() keeps only
// id and reason; a challenge's salt, scheme and nonce must go to the peer).
void ask_bouncer(const flu::sdk::Host &cfg, const std::string &bouncer,
                 const KeycardFields &keycard, std::function<void(BouncerAnswer)> done) {
  if (!flu::sdk::host_authenticates(cfg))
    return done(
        {BouncerAnswer::State::refused, {{"reason", "this host cannot ask bouncers"}}});
  std::vector<flu_keycard_field> fields;
  for (const auto &[name, value] : keycard)
    fields.push_back({name.c_str(), value.c_str()});
  const flu_keycard card{sizeof(flu_keycard), fields.data(),
                         static_cast<uint32_t>(fields.size())};
  using Done = std::function<void(BouncerAnswer)>;
  const flu_host *host = cfg.host();
  host->authenticate(
      host->self, bouncer.c_str(), &card,
      [](void *ctx, flu_keycard_state state, const flu_keycard *answer) {
        std::unique_ptr<Done> d(static_cast<Done *>(ctx));
        BouncerAnswer a;
        a.state = state == FLU_KEYCARD_AUTHENTICATED ? BouncerAnswer::State::authenticated
                  : state == FLU_KEYCARD_CHALLENGE   ? BouncerAnswer::State::challenge
                                                     : BouncerAnswer::State::refused;
        if (answer &&
            answer->struct_size >= offsetof(flu_keycard, n_fields) + sizeof(uint32_t))
          for (uint32_t i = 0; i < answer->n_fields; ++i)
            if (answer->fields[i].name)
              a.fields.emplace_back(answer->fields[i].name, answer->fields[i].value
                                                                ? answer->fields[i].value
                                                                : "");
        (*d)(std::move(a));
      },
      new Done(std::move(done)));
}
} // namespace

std::string FgdpProducer::pipeline(const flu::sdk::Host &config) {
  read_link_settings(config, Role::producer); // a wrong configuration stops here
  return std::string("appsrc name=") + kSourceName +
         " is-live=true format=bytes do-timestamp=false caps=application/x-gdp "
         "! gdpdepay name=" +
         kDepayName + " ! @feeder:default@";
}

FgdpProducer::FgdpProducer(const flu::sdk::Host &config, GstElement *pipeline) {
  appsrc_ = gst_bin_get_by_name(GST_BIN(pipeline), kSourceName);
  if (!appsrc_)
    throw std::runtime_error(std::string("the pipeline has no ") + kSourceName);
  if (GstElement *depay = gst_bin_get_by_name(GST_BIN(pipeline), kDepayName)) {
    GstPad *pad = gst_element_get_static_pad(depay, "src");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, drop_repeated_caps,
                      new GstCaps *(nullptr), free_last_caps);
    gst_object_unref(pad);
    gst_object_unref(depay);
  }
  LinkEvents events = events_for(config);
  GstElement *src = appsrc_;
  events.received = [src](const uint8_t *data, size_t size) {
    gst_app_src_push_buffer(GST_APP_SRC(src), gst_buffer_new_memdup(data, size));
  };
  LinkSettings settings = read_link_settings(config, Role::producer);
  if (settings.auth == Auth::keycard)
    events.ask = [config, bouncer = config.string("bouncer")](
                     const KeycardFields &keycard,
                     std::function<void(BouncerAnswer)> done) {
      ask_bouncer(config, bouncer, keycard, std::move(done));
    };
  link_ = std::make_unique<Link>(std::move(settings), std::move(events));
}

void FgdpProducer::keycard_expired(const std::string &id) { link_->keycard_expired(id); }

FgdpProducer::~FgdpProducer() {
  link_.reset(); // no more pushes into the appsrc
  gst_object_unref(appsrc_);
}

} // namespace flu::fgdp
