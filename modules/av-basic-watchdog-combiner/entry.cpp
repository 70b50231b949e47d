// The av-basic-watchdog-combiner module: master or backup, video and audio
// switched together.
#include "switch_combiner.hpp"
#include "switch_properties.hpp"

namespace {
using namespace flu::sdk;
namespace p = flu::modules::switch_properties;

constexpr flu_property_spec properties[] = {
    p::schedule,    p::starve_timeout,   p::recover_time,
    p::video_width, p::video_height,     p::video_framerate,
    p::video_par,   p::audio_samplerate, p::audio_channels};
constexpr flu_port_spec eaters[] = {
    port("video-master", FLU_PORT_REQUIRED, "The wanted video"),
    port("video-backup", FLU_PORT_REQUIRED, "The stand-in video"),
    port("audio-master", FLU_PORT_REQUIRED, "The wanted audio"),
    port("audio-backup", FLU_PORT_REQUIRED, "The stand-in audio")};
constexpr flu_port_spec feeders[] = {port("video", 0, "The active video"),
                                     port("audio", 0, "The active audio")};

const flu_component_type types[] = {
    component_type<flu::modules::SwitchCombiner<flu::modules::SwitchMedia::av, true>>(
        "av-basic-watchdog-combiner",
        "Streams the master audio and video, and the backup pair by itself while the "
        "master starves.",
        properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
