// The http-streamer's wizard step: the port (refused when the worker's
// `port` check finds it in use) and the mount point.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("port", "port", FLU_FIELD_PORT, "8800");
  s.check_value("port", "port", {"{port}"});
  s.field("mount-point", "mount point", FLU_FIELD_TEXT,
          s.value("muxer") == "mpegts-muxer" ? "/live.ts" : "/live.webm");
}

void validate(Step &s) {
  const std::string mount = s.value("mount-point");
  if (mount.empty() || mount[0] != '/')
    s.refuse("mount-point", "a mount point starts with /");
  else if (mount.find_first_of(" ?#") != std::string::npos)
    s.refuse("mount-point", "a mount point has no blank, ? or #");
}

void contribute(Step &s) {
  s.property("port", s.value("port"));
  s.property("mount-point", s.value("mount-point"));
  s.property("burst-on-connect", "true");
  if (s.has("bouncer"))
    s.property("bouncer", s.value("bouncer"));
}

} // namespace

FLU_WIZARD_STEP("http-streamer", "consumer", "an HTTP stream", describe, validate,
                contribute)
