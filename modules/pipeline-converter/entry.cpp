// The pipeline-converter module: one converter type, Flumotion's
// pipeline-converter.
#include "pipeline_converter.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("pipeline", FLU_PROPERTY_STRING,
             "A gst-launch fragment with one input and one output, such as "
             "'videoflip method=clockwise'",
             nullptr, FLU_PROPERTY_REQUIRED),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Any feed")};
constexpr flu_port_spec feeders[] = {port("default", 0, "The fragment's output")};

const flu_component_type types[] = {component_type<flu::modules::PipelineConverter>(
    "pipeline-converter", "Runs a GStreamer pipeline fragment on a feed.", properties,
    eaters, feeders)};
} // namespace

FLU_MODULE(types)
