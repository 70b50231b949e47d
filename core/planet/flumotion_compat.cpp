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

struct Missing {
  std::string_view type, why;
};

// The original's types flu has no module for (every other type of its
// registry has a flu module of the same name, or an alias above). A planet
// naming one is refused with this reason; the types flu has are refused
// only when no bundle in the repository provides them, which says so.
constexpr Missing missing_types[] = {
    {"av-pattern-switch-combiner",
     "flu has no pattern-switch combiner; av-switch-combiner with a "
     "videotest-producer as its backup does the same"},
    {"dirac-encoder", "GStreamer 1.x has no Dirac encoder; vp9-encoder or av1-encoder "
                      "take its place"},
    {"smoke-encoder", "GStreamer 1.x has no Smoke encoder; jpeg-encoder takes its place"},
    {"icy-streamer", "flu has no ICY (SHOUTcast) streamer; http-streamer serves "
                     "audio-only MP3, AAC and Ogg streams"},
    {"ivtv-producer", "flu has no ivtv (MPEG-2 capture card) input; webcam-producer "
                      "reads V4L2 devices"},
    {"tvcard-producer", "flu has no analogue TV card input; webcam-producer reads V4L2 "
                        "devices"},
    {"unixdomain-producer", "flu has no Unix-socket input; fgdp-producer takes feeds "
                            "from other planets"},
    {"pipeline-consumer", "flu has no pipeline-consumer yet"},
    {"preview-consumer", "flu has no preview-consumer; flu-admin shows a component's "
                         "state"},
    {"keyunits-scheduler", "flu has no keyunits-scheduler; the encoders' key-frame "
                           "properties set the interval"},
    {"ical-bouncer", "flu has no ical-bouncer yet; the switch combiners follow an "
                     "iCalendar schedule"},
    {"trivial-bouncer", "flu has no trivial-bouncer; leave the component's bouncer "
                        "unset to let everyone in"},
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

} // namespace

const char *flu_type(std::string_view original) {
  for (const auto &alias : type_aliases)
    if (alias.original == original)
      return alias.flu.data();
  return nullptr;
}

const char *missing_type(std::string_view original) {
  for (const auto &missing : missing_types)
    if (missing.type == original)
      return missing.why.data();
  return nullptr;
}

std::optional<PropertyMapping>
map_property(std::string_view type, std::string_view property, std::string_view value) {
  if (type == "ip-bouncer")
    return ip_bouncer(property, value);
  if (type == "theora-encoder")
    return theora_encoder(property, value);
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
