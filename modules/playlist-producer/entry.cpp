// The playlist-producer module: one producer type, Flumotion's
// playlist-producer (its registry's property names and defaults).
#include "playlist_producer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("audio", FLU_PROPERTY_BOOL,
             "Whether to output the items' audio (false: the filler's only)", "true"),
    property("video", FLU_PROPERTY_BOOL,
             "Whether to output the items' video (false: the filler's only)", "true"),
    property("playlist", FLU_PROPERTY_STRING,
             "The location of the initial playlist file, if any"),
    property("playlist-directory", FLU_PROPERTY_STRING,
             "The location of a directory to monitor for playlist files to add"),
    property("base-directory", FLU_PROPERTY_STRING,
             "The base directory for relative paths in playlist files (default: the "
             "playlist file's own directory)"),
    property("width", FLU_PROPERTY_INT, "The scaled output width of video", "320"),
    property("height", FLU_PROPERTY_INT, "The scaled output height of video", "240"),
    property("framerate", FLU_PROPERTY_FRACTION, "The frame rate to output", "15/1"),
    property("samplerate", FLU_PROPERTY_INT, "The sample rate to output", "44100"),
    property("channels", FLU_PROPERTY_INT, "The number of audio channels to output", "2"),
    property("video-pattern", FLU_PROPERTY_STRING,
             "The picture between items: a videotestsrc pattern (black, smpte, ...)",
             "black"),
    property("audio-wave", FLU_PROPERTY_STRING,
             "The sound between items: an audiotestsrc wave (silence, sine, ...)",
             "silence"),
};
constexpr flu_port_spec feeders[] = {
    port("audio", 0, "Raw audio: the items' sound, the filler's between them"),
    port("video", 0, "Raw I420 video: the items' pictures, the filler's between them")};

const flu_component_type types[] = {producer_type<flu::modules::PlaylistProducer>(
    "playlist-producer",
    "Produces a raw audio/video feed from a playlist of input files, scheduled for "
    "particular times.",
    properties, feeders, 110)};
} // namespace

FLU_MODULE(types)
