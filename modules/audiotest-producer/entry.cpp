// The audiotest-producer module: one producer type.
#include "audiotest_producer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("frequency", FLU_PROPERTY_FLOAT, "Frequency of the tone in Hz", "440"),
    property("volume", FLU_PROPERTY_FLOAT, "Volume, from 0 to 1", "1.0"),
    property("samplerate", FLU_PROPERTY_INT, "Samples per second", "44100"),
    property("wave", FLU_PROPERTY_STRING,
             "Waveform: an audiotestsrc name (sine, square, pink-noise...) or its "
             "number (0 = sine)",
             "sine"),
    property("drop-probability", FLU_PROPERTY_FLOAT,
             "Probability, from 0 to 1, that a buffer is dropped (a testing aid for "
             "discontinuities)",
             "0"),
};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw stereo audio")};

const flu_component_type types[] = {producer_type<flu::modules::AudiotestProducer>(
    "audiotest-producer", "Produces a live test signal without a device.", properties,
    feeders, 110)};
} // namespace

FLU_MODULE(types)
