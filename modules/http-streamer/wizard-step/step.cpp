// The http-streamer's wizard step: the port (refused when the worker's
// `port` check finds it in use) and the mount point. It streams any
// container.
#include <flu/sdk/wizard_step.hpp>

namespace wizard = flu::sdk::wizard;

namespace {

void describe(wizard::Step &s) {
  wizard::listener_fields(s, "8800",
                          s.value("muxer") == "mpegts-muxer" ? "/live.ts" : "/live.webm");
}

void contribute(wizard::Step &s) {
  wizard::contribute_listener(s);
  s.property("burst-on-connect", "true");
}

} // namespace

FLU_WIZARD_STEP("http-streamer", "consumer", "an HTTP stream", describe,
                wizard::validate_mount_point, contribute)
