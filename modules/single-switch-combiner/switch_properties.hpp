// The properties the switch types share, with Flumotion's names.
#pragma once

#include <flu/sdk/entry.hpp>

namespace flu::modules::switch_properties {

constexpr flu_property_spec schedule = flu::sdk::property(
    "ical-schedule", FLU_PROPERTY_STRING,
    "An iCalendar file: the backup streams during each of its events, the master "
    "otherwise",
    nullptr);
constexpr flu_property_spec starve_timeout = flu::sdk::property(
    "starve-timeout", FLU_PROPERTY_FLOAT,
    "Seconds without data after which a feed starves and the watchdog switches away "
    "from it",
    "1.0");
constexpr flu_property_spec recover_time = flu::sdk::property(
    "recover-time", FLU_PROPERTY_FLOAT,
    "Seconds the wanted feed must stream again before the watchdog switches back to it",
    "3.0");

// The A/V types' output caps, each optional.
constexpr flu_property_spec video_width =
    flu::sdk::property("video-width", FLU_PROPERTY_INT, "Width of the outgoing video");
constexpr flu_property_spec video_height =
    flu::sdk::property("video-height", FLU_PROPERTY_INT, "Height of the outgoing video");
constexpr flu_property_spec video_framerate = flu::sdk::property(
    "video-framerate", FLU_PROPERTY_FRACTION, "Frame rate of the outgoing video");
constexpr flu_property_spec video_par =
    flu::sdk::property("video-pixel-aspect-ratio", FLU_PROPERTY_FRACTION,
                       "Pixel aspect ratio of the outgoing video");
constexpr flu_property_spec audio_samplerate = flu::sdk::property(
    "audio-samplerate", FLU_PROPERTY_INT, "Sample rate of the outgoing audio");
constexpr flu_property_spec audio_channels = flu::sdk::property(
    "audio-channels", FLU_PROPERTY_INT, "Channels of the outgoing audio");

} // namespace flu::modules::switch_properties
