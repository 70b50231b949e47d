// The soundcard-producer module: one producer type, Flumotion's.
#include "soundcard_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("source-element", FLU_PROPERTY_STRING,
             "The GStreamer element to capture with: alsasrc, pulsesrc or another audio "
             "source",
             "alsasrc"),
    property("device", FLU_PROPERTY_STRING,
             "The source element's device: an ALSA device (hw:0, the default for "
             "alsasrc) or a PulseAudio source name (the server's default when unset)"),
    property("channels", FLU_PROPERTY_INT, "The number of channels to capture", "2"),
    property("depth", FLU_PROPERTY_INT, "The bit depth to capture: 8, 16, 24 or 32",
             "16"),
    property("samplerate", FLU_PROPERTY_INT, "The sample rate to capture at, in Hz",
             "44100"),
    property("input-track", FLU_PROPERTY_STRING,
             "The mixer input track to record from (GStreamer 1.x has no mixer "
             "interface: accepted, not applied)"),
    raw_av::volume,
};
constexpr flu_port_spec feeders[] = {port("default", 0, "The captured raw audio")};

// Flumotion's clock priority for a sound card: its clock is the one a flow
// should follow, ahead of test sources (110) and the default (100).
const flu_component_type types[] = {producer_type<flu::modules::SoundcardProducer>(
    "soundcard-producer", "Captures a raw audio feed from a soundcard.", properties,
    feeders, 170)};
} // namespace

FLU_MODULE(types)
