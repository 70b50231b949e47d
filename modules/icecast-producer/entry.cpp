// The icecast-producer module: one producer type, Flumotion's.
#include "icecast_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("url", FLU_PROPERTY_STRING,
             "The URL of the Icecast (or any HTTP/HTTPS live) stream to produce from",
             nullptr, FLU_PROPERTY_REQUIRED),
    property("passthrough", FLU_PROPERTY_BOOL,
             "Pass the encoded stream through untouched (in its own container) instead "
             "of decoding its audio",
             "false"),
    property("ca-file", FLU_PROPERTY_STRING,
             "For an https:// URL: a file (absolute path) of PEM CA certificates the "
             "server's certificate must be signed by, trusted instead of the system's CA "
             "certificates"),
    raw_av::samplerate,
    raw_av::channels,
    raw_av::volume,
};
constexpr flu_port_spec feeders[] = {
    port("default", 0, "Raw audio, or with passthrough the encoded stream")};

const flu_component_type types[] = {producer_type<flu::modules::IcecastProducer>(
    "icecast-producer", "A producer that produces a stream from an Icecast server.",
    properties, feeders)};
} // namespace

FLU_MODULE(types)
