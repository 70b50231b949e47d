// The loop-producer module: one producer type, Flumotion's loop-producer.
#include "file_checks.hpp"
#include "loop_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("location", FLU_PROPERTY_STRING,
             "The location of the source file to loop (a path or a file:// URI)", nullptr,
             FLU_PROPERTY_REQUIRED),
    raw_av::width,
    raw_av::height,
    raw_av::is_square,
    raw_av::add_borders,
    raw_av::framerate,
    raw_av::deinterlace_mode,
    raw_av::deinterlace_method,
    raw_av::volume,
};
constexpr flu_port_spec feeders[] = {
    port("audio", 0, "Raw audio (silence when the file has none)"),
    port("video", 0, "Raw I420 video (black when the file has none)")};

constexpr flu_check_spec checks[] = {check<flu::modules::list_files>(
    "files", "the files of a directory with their media types (GStreamer's discoverer)",
    "DIRECTORY", flu::modules::file_columns)};

const flu_component_type types[] = {with_checks(
    producer_type<flu::modules::LoopProducer>(
        "loop-producer",
        "Produces a live raw audio/video feed from a file, looping continuously.",
        properties, feeders, 110),
    checks)};
} // namespace

FLU_MODULE(types)
