// The pipeline-producer module: one producer type, Flumotion's.
#include "element_check.hpp"
#include "pipeline_producer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("pipeline", FLU_PROPERTY_STRING,
             "The partial GStreamer pipeline to use (gst-launch syntax, without a sink)",
             nullptr, FLU_PROPERTY_REQUIRED),
};
constexpr flu_port_spec feeders[] = {port("default", 0, "What the fragment produces")};

constexpr flu_check_spec checks[] = {check<flu::modules::find_elements>(
    "element", "whether these GStreamer elements are present", "NAME...",
    flu::modules::element_columns)};

const flu_component_type types[] = {
    with_checks(producer_type<flu::modules::PipelineProducer>(
                    "pipeline-producer", "A generic GStreamer pipeline as a producer.",
                    properties, feeders),
                checks)};
} // namespace

FLU_MODULE(types)
