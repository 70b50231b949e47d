// The hls-streamer's wizard step: the port (refused when the worker's
// `port` check finds it in use), the mount point, the segment length.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("port", "port", FLU_FIELD_PORT, "8810");
  s.check_value("port", "port", {"{port}"});
  s.field("mount-point", "mount point", FLU_FIELD_TEXT, "/hls/");
  s.field("fragment-duration", "segment seconds", FLU_FIELD_INT, "4");
  s.range("fragment-duration", 1, 30);
}

void validate(Step &s) {
  const std::string mount = s.value("mount-point");
  if (mount.empty() || mount[0] != '/')
    s.refuse("mount-point", "a mount point starts with /");
  if (s.value("muxer") != "mpegts-muxer")
    s.refuse("mount-point", "HLS needs the MPEG-TS encodings (H.264 and AAC)");
}

void contribute(Step &s) {
  s.property("port", s.value("port"));
  s.property("mount-point", s.value("mount-point"));
  s.property("fragment-duration", s.value("fragment-duration"));
  if (s.has("bouncer"))
    s.property("bouncer", s.value("bouncer"));
}

} // namespace

FLU_WIZARD_STEP("hls-streamer", "consumer", "HLS", describe, validate, contribute)
