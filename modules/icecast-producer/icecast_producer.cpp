// icecast-producer: see icecast_producer.hpp.
#include "icecast_producer.hpp"

#include "remux.hpp"
#include "tls_check.hpp"

#include <flu/sdk/raw_av.hpp>

#include <stdexcept>

namespace flu::modules {
namespace {

constexpr const char *source = "flu-icecast";

std::string quoted(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

bool is_https(const std::string &url) {
  return g_ascii_strncasecmp(url.c_str(), "https:", 6) == 0;
}

} // namespace

std::string checked_url(const std::string &url) {
  GstUri *uri = gst_uri_from_string(url.c_str());
  const char *scheme = uri ? gst_uri_get_scheme(uri) : nullptr;
  const char *host = uri ? gst_uri_get_host(uri) : nullptr;
  const bool ok = scheme && host && *host &&
                  (g_ascii_strcasecmp(scheme, "http") == 0 ||
                   g_ascii_strcasecmp(scheme, "https") == 0);
  if (uri)
    gst_uri_unref(uri);
  if (!ok)
    throw std::runtime_error("url '" + url + "' is not an http:// or https:// URL");
  return url;
}

std::string IcecastProducer::pipeline(const sdk::Host &config) {
  checked_url(config.string("url"));
  if (config.has("ca-file"))
    ca_database(config.string("ca-file"));
  const std::string in =
      std::string("appsrc name=") + source + " is-live=true format=time max-bytes=0 ! ";
  if (config.boolean("passthrough"))
    return in + "@feeder:default@";
  return in + "queue ! " + sdk::raw_av::audio(config, "flu-level-default") +
         "@feeder:default@";
}

IcecastProducer::IcecastProducer(const sdk::Host &host, GstElement *pipeline) {
  const std::string url = host.string("url");
  // souphttpsrc's own retries are off: Pull decides when to try again and
  // says so; is-live keeps it from prerolling a live stream.
  const std::string src = "souphttpsrc name=flu-source location=" + quoted(url) +
                          " is-live=true retries=0 timeout=10 user-agent=flu-icecast";
  std::string inner;
  sdk::Pull::Options options;
  // https: the server's certificate verified against the CA file asked
  // for, else the system's CA certificates (souphttpsrc's default, GIO's).
  std::string trusted = "the system's CA certificates";
  if (host.has("ca-file")) {
    tls_ = ca_database(host.string("ca-file"));
    trusted = "the CA certificates in '" + host.string("ca-file") + "'";
  }
  if (is_https(url))
    options.diagnose = [url, database = tls_.get(), trusted](const std::string &why) {
      // An HTTP status came over TLS that worked.
      if (why.find("(HTTP ") != std::string::npos)
        return std::string();
      return tls_problem(url, database, trusted);
    };
  if (host.boolean("passthrough")) {
    inner = src + " ! typefind name=flu-type ! parsebin name=flu-parse "
                  "queue name=flu-out ! appsink name=out sync=false";
    remux_ = std::make_unique<Remux>();
  } else {
    meter_ =
        std::make_unique<sdk::LevelMeter>(host, pipeline, "flu-level-default", "default");
    inner = src + " ! decodebin ! audioconvert ! audioresample ! "
                  "audio/x-raw,format=S16LE ! appsink name=out sync=false";
  }
  options.prepare = [remux = remux_.get(), database = tls_.get()](GstElement *inner) {
    if (database) {
      GstElement *element = gst_bin_get_by_name(GST_BIN(inner), "flu-source");
      g_object_set(element, "tls-database", database, nullptr);
      gst_object_unref(element);
    }
    if (remux)
      remux->attach(inner);
  };
  pull_ = std::make_unique<sdk::Pull>(
      host, pipeline, inner,
      std::vector<sdk::Pull::Route>{{"out", source, host.boolean("passthrough")}}, url,
      std::move(options));
}

} // namespace flu::modules
