// The disk-consumer module: one component type, Flumotion's disk-consumer.
#include "directory_check.hpp"
#include "disk_consumer.hpp"

#include <flu/sdk.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("directory", FLU_PROPERTY_STRING, "The directory to record into", nullptr,
             FLU_PROPERTY_REQUIRED),
    property("rotate-type", FLU_PROPERTY_STRING,
             "'size', 'time' or 'none': when a recording goes on in a new file", "none"),
    property("size", FLU_PROPERTY_INT,
             "With rotate-type size: a new file at the first keyframe past this many "
             "bytes"),
    property("time", FLU_PROPERTY_INT,
             "With rotate-type time: a new file at the first keyframe past this many "
             "seconds"),
    property("start-recording", FLU_PROPERTY_BOOL,
             "Record from the start (without ical-schedule)", "true"),
    property("symlink-to-last-recording", FLU_PROPERTY_STRING,
             "A symlink (in the directory when relative) to the last complete recording"),
    property("symlink-to-current-recording", FLU_PROPERTY_STRING,
             "A symlink (in the directory when relative) to the recording under way"),
    property("ical-schedule", FLU_PROPERTY_STRING,
             "An iCalendar file: each event (recurring ones too) is a recording, named "
             "from its summary as a strftime template; start-recording is then ignored"),
    property("filename", FLU_PROPERTY_STRING,
             "strftime(3) template of the file names (default: NAME.%Y%m%d-%H%M%S); the "
             "extension follows the stream's type"),
};

const flu_port_spec eaters[] = {
    flu::sdk::port("default", FLU_PORT_REQUIRED, "A muxed stream (WebM, Ogg...)")};

constexpr flu_check_spec checks[] = {flu::sdk::check<flu::disk_consumer::directory_check>(
    "directory", "can recordings be written into a directory of this worker", "DIRECTORY",
    flu::disk_consumer::directory_columns)};

const flu_component_type types[] = {flu::sdk::with_checks(
    flu::sdk::consumer_type<flu::disk_consumer::DiskConsumer>(
        "disk-consumer", "Records its feed to files on disk", properties, eaters),
    checks)};

} // namespace

FLU_MODULE(types)
