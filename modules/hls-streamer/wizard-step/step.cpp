// The hls-streamer's wizard step: the port (refused when the worker's
// `port` check finds it in use), the mount point, the segment length. It
// takes MPEG-TS only, so the wizard offers it with the MPEG-TS muxer.
#include <flu/sdk/wizard_step.hpp>

namespace wizard = flu::sdk::wizard;

namespace {

void describe(wizard::Step &s) {
  wizard::listener_fields(s, "8810", "/hls/");
  s.field("fragment-duration", "segment seconds", FLU_FIELD_INT, "4");
  s.range("fragment-duration", 1, 30);
}

void contribute(wizard::Step &s) {
  wizard::contribute_listener(s);
  s.property("fragment-duration", s.value("fragment-duration"));
}

} // namespace

FLU_WIZARD_STEP_FORMATS("hls-streamer", "consumer", "HLS", "mpegts", "", describe,
                        wizard::validate_mount_point, contribute)
