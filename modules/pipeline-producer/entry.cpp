// The pipeline-producer module: one producer type, Flumotion's.
#include "pipeline_producer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("pipeline", FLU_PROPERTY_STRING,
             "The partial GStreamer pipeline to use (gst-launch syntax, without a sink)",
             nullptr, FLU_PROPERTY_REQUIRED),
};
constexpr flu_port_spec feeders[] = {port("default", 0, "What the fragment produces")};

const flu_component_type types[] = {producer_type<flu::modules::PipelineProducer>(
    "pipeline-producer", "A generic GStreamer pipeline as a producer.", properties,
    feeders)};
} // namespace

FLU_MODULE(types)
