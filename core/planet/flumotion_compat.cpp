// The table of the original's spellings; see flumotion_compat.hpp.
#include "planet/flumotion_compat.hpp"

#include "registry/value.hpp"

#include <algorithm>
#include <cctype>

namespace flu::planet::flumotion {
namespace {

struct TypeAlias {
  std::string_view original, flu;
};

// Types flu has under another name. Its own name is flu's word: a
// component's checked type is the flu name, so an export says that.
constexpr TypeAlias type_aliases[] = {
    {"htpasswdcrypt-bouncer", "htpasswd-bouncer"},
    {"tokentest-bouncer", "token-bouncer"},
    {"http-hlsstreamer", "hls-streamer"},
};

struct Awaited {
  std::string_view type, what;
};

// The original's types that other issues bring; until then a planet naming
// one is refused with this reason.
constexpr Awaited awaited_types[] = {
    {"porter", "the porter of issue 12 (delivery)"},
    {"http-server", "the on-demand http-server of issue 12 (delivery)"},
    {"disk-consumer", "disk recording of issue 13 (archive)"},
    {"shout2-consumer", "pushing to Icecast of issue 13 (archive)"},
    {"fgdp-consumer", "feeds between planets of issue 13 (archive)"},
    {"fgdp-producer", "feeds between planets of issue 13 (archive)"},
    {"loop-producer", "the file inputs of issue 10 (inputs)"},
    {"playlist-producer", "the file inputs of issue 10 (inputs)"},
    {"pipeline-producer", "the inputs of issue 10 (inputs)"},
    {"firewire-producer", "the device inputs of issue 10 (inputs)"},
    {"soundcard-producer", "the device inputs of issue 10 (inputs)"},
    {"webcam-producer", "the device inputs of issue 10 (inputs)"},
    {"screencast-producer", "the device inputs of issue 10 (inputs)"},
    {"icecast-producer", "the network inputs of issue 10 (inputs)"},
    {"rtsp-producer", "the network inputs of issue 10 (inputs)"},
    {"single-generic-decoder", "the decoders of issue 10 (inputs)"},
    {"av-generic-decoder", "the decoders of issue 10 (inputs)"},
    {"overlay-converter", "the converters of issue 11 (processing)"},
    {"pipeline-converter", "the converters of issue 11 (processing)"},
    {"video-converter", "the converters of issue 11 (processing)"},
    {"single-switch-combiner", "the combiners of issue 11 (processing)"},
    {"av-switch-combiner", "the combiners of issue 11 (processing)"},
    {"single-basic-watchdog-combiner", "the combiners of issue 11 (processing)"},
    {"av-basic-watchdog-combiner", "the combiners of issue 11 (processing)"},
    {"composite-combiner", "the combiners of issue 11 (processing)"},
    {"jpeg-encoder", "the codecs of issue 11 (processing)"},
    {"speex-encoder", "the codecs of issue 11 (processing)"},
    {"mulaw-encoder", "the codecs of issue 11 (processing)"},
    {"multipart-muxer", "the muxers of issue 11 (processing)"},
};

using Kind = PropertyMapping::Kind;

PropertyMapping rename(std::string name, std::string_view value) {
  return {Kind::rename, std::move(name), std::string(value), {}};
}

PropertyMapping dropped(std::string reason) {
  return {Kind::dropped, {}, {}, std::move(reason)};
}

PropertyMapping refused(std::string reason) {
  return {Kind::refused, {}, {}, std::move(reason)};
}

std::optional<PropertyMapping> ip_bouncer(std::string_view property,
                                          std::string_view value) {
  if (property != "deny-default")
    return std::nullopt;
  // Flumotion: deny-default true (its default) = refuse what no rule allows.
  auto check = registry::check_value(registry::PropertyType::boolean, std::string(value));
  if (!check)
    return refused("'deny-default': " + check.error);
  return rename("default", check.canonical == "true" ? "deny" : "allow");
}

std::optional<PropertyMapping> theora_encoder(std::string_view property,
                                              std::string_view value) {
  if (property == "keyframe-maxdistance")
    return rename("keyframe-distance", value);
  if (property == "speed")
    return rename("speed-level", value);
  // Flumotion 0.10 warned that these are deprecated and never set them.
  if (property == "sharpness" || property == "quick-compress" ||
      property == "noise-sensitivity")
    return dropped("Flumotion 0.10 itself ignored it (deprecated)");
  if (property == "keyframe-mindistance" || property == "quality")
    return refused("flu's theora-encoder has no such setting yet");
  return std::nullopt;
}

std::optional<PropertyMapping> drop_probability(std::string_view property) {
  if (property == "drop-probability")
    return refused("flu's audiotest-producer does not drop buffers yet");
  return std::nullopt;
}

} // namespace

const char *flu_type(std::string_view original) {
  for (const auto &alias : type_aliases)
    if (alias.original == original)
      return alias.flu.data();
  return nullptr;
}

const char *awaited_type(std::string_view original) {
  for (const auto &awaited : awaited_types)
    if (awaited.type == original)
      return awaited.what.data();
  return nullptr;
}

std::optional<PropertyMapping>
map_property(std::string_view type, std::string_view property, std::string_view value) {
  if (type == "ip-bouncer")
    return ip_bouncer(property, value);
  if (type == "theora-encoder")
    return theora_encoder(property, value);
  if (type == "audiotest-producer")
    return drop_probability(property);
  // tokentest-bouncer's one authorized token is one of token-bouncer's.
  if (type == "token-bouncer" && property == "authorized-token")
    return rename("token", value);
  return std::nullopt;
}

bool is_flumotion_project(std::string_view project) {
  return project == "flumotion" || project.starts_with("flumotion-");
}

bool is_release_number(std::string_view version) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = version.find('.', start);
    const auto part = version.substr(start, dot - start);
    if (part.empty() || part.size() > 9 ||
        !std::all_of(part.begin(), part.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; }))
      return false;
    ++parts;
    if (dot == std::string_view::npos)
      break;
    start = dot + 1;
  }
  return parts >= 2 && parts <= 4;
}

} // namespace flu::planet::flumotion
