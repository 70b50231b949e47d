// The files check; see file_checks.hpp.
#include "file_checks.hpp"

#include <gst/pbutils/pbutils.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace flu::modules {
namespace fs = std::filesystem;

namespace {

// Enough for a listing an operator reads; a directory of thousands is
// named as such rather than discovered file by file past the check's limit.
constexpr std::size_t max_files = 200;
constexpr GstClockTime per_file = 5 * GST_SECOND;

struct Found {
  std::string media_type, duration, audio, video, note;
};

std::string seconds(GstClockTime t) {
  if (!GST_CLOCK_TIME_IS_VALID(t))
    return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", static_cast<double>(t) / GST_SECOND);
  return text;
}

std::string caps_name(GstCaps *caps) {
  std::string name;
  if (caps && gst_caps_get_size(caps) > 0)
    name = gst_structure_get_name(gst_caps_get_structure(caps, 0));
  if (caps)
    gst_caps_unref(caps);
  return name;
}

Found discover(GstDiscoverer *discoverer, const fs::path &file) {
  Found out;
  gchar *uri = gst_filename_to_uri(file.c_str(), nullptr);
  GError *error = nullptr;
  GstDiscovererInfo *info =
      uri ? gst_discoverer_discover_uri(discoverer, uri, &error) : nullptr;
  g_free(uri);
  const GstDiscovererResult result =
      info ? gst_discoverer_info_get_result(info) : GST_DISCOVERER_ERROR;
  if (info) {
    if (GstDiscovererStreamInfo *top = gst_discoverer_info_get_stream_info(info)) {
      out.media_type = caps_name(gst_discoverer_stream_info_get_caps(top));
      gst_discoverer_stream_info_unref(top);
    }
  }
  switch (result) {
  case GST_DISCOVERER_OK:
    break;
  case GST_DISCOVERER_MISSING_PLUGINS:
    out.note = "no GStreamer plugin decodes it";
    break;
  case GST_DISCOVERER_TIMEOUT:
    out.note = "GStreamer took too long to read it";
    break;
  default:
    out.note = error ? error->message : "not a media file GStreamer can read";
  }
  g_clear_error(&error);
  if (!info)
    return out;
  if (result == GST_DISCOVERER_OK) {
    out.duration = seconds(gst_discoverer_info_get_duration(info));
    GList *audio = gst_discoverer_info_get_audio_streams(info);
    GList *video = gst_discoverer_info_get_video_streams(info);
    if (audio) {
      auto *a = GST_DISCOVERER_AUDIO_INFO(audio->data);
      out.audio =
          caps_name(gst_discoverer_stream_info_get_caps(GST_DISCOVERER_STREAM_INFO(a))) +
          " " + std::to_string(gst_discoverer_audio_info_get_channels(a)) + "ch " +
          std::to_string(gst_discoverer_audio_info_get_sample_rate(a)) + "Hz";
    }
    if (video) {
      auto *v = GST_DISCOVERER_VIDEO_INFO(video->data);
      out.video =
          caps_name(gst_discoverer_stream_info_get_caps(GST_DISCOVERER_STREAM_INFO(v))) +
          " " + std::to_string(gst_discoverer_video_info_get_width(v)) + "x" +
          std::to_string(gst_discoverer_video_info_get_height(v));
    }
    gst_discoverer_stream_info_list_free(audio);
    gst_discoverer_stream_info_list_free(video);
    if (out.audio.empty() && out.video.empty() && out.note.empty())
      out.note = "neither audio nor video";
  }
  gst_discoverer_info_unref(info);
  return out;
}

} // namespace

void list_files(const std::vector<std::string> &args, sdk::CheckResult &result) {
  if (args.size() != 1 || args[0].empty())
    throw std::invalid_argument("files takes one directory");
  const fs::path dir = args[0];
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error("'" + dir.string() + "' is not a directory" +
                             (ec ? ": " + ec.message() : ""));
  std::vector<fs::path> files;
  std::size_t more = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::error_code type_ec;
    if (name.empty() || name[0] == '.' || !it->is_regular_file(type_ec))
      continue;
    if (files.size() < max_files)
      files.push_back(it->path());
    else
      ++more;
  }
  if (ec)
    throw std::runtime_error("cannot read directory '" + dir.string() +
                             "': " + ec.message());
  std::sort(files.begin(), files.end());

  GError *error = nullptr;
  std::unique_ptr<GstDiscoverer, decltype(&g_object_unref)> discoverer(
      gst_discoverer_new(per_file, &error), &g_object_unref);
  if (!discoverer) {
    const std::string text = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw std::runtime_error("GStreamer's discoverer cannot start: " + text);
  }
  std::size_t media = 0;
  for (const auto &file : files) {
    const Found f = discover(discoverer.get(), file);
    media += f.note.empty();
    result.row(
        {file.filename().string(), f.media_type, f.duration, f.audio, f.video, f.note});
  }
  std::string summary = std::to_string(files.size()) + " files in " + dir.string() +
                        ", " + std::to_string(media) + " of them media";
  if (more)
    summary += "; " + std::to_string(more) + " more not read (at most " +
               std::to_string(max_files) + ")";
  result.summary(summary);
}

} // namespace flu::modules
