// The firewire-producer module: one producer type, Flumotion's.
#include "firewire_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    raw_av::width,
    raw_av::height,
    raw_av::is_square,
    raw_av::add_borders,
    raw_av::framerate,
    raw_av::deinterlace_mode,
    raw_av::deinterlace_method,
    raw_av::volume,
    property("decoder", FLU_PROPERTY_STRING, "The element to decode DV video with",
             "dvdec"),
    property("guid", FLU_PROPERTY_STRING,
             "The GUID of the device (a hexadecimal such as 0xhhhhhhhhhhhhhhhh; 0 is the "
             "first one found)",
             "0"),
};
constexpr flu_port_spec feeders[] = {
    port("audio", 0, "The camera's raw audio"),
    port("video", 0, "The camera's raw video"),
    port("dv", 0, "The DV stream as the camera sent it"),
};

// Flumotion's clock priority for a DV camera: after a sound card (170).
const flu_component_type types[] = {producer_type<flu::modules::FirewireProducer>(
    "firewire-producer", "Produces feeds from a Firewire/DV device.", properties, feeders,
    160)};
} // namespace

FLU_MODULE(types)
