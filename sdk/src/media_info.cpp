// MediaInfo: see <flu/sdk/media_info.hpp>.
#include <flu/sdk/media_info.hpp>

#include <gst/pbutils/pbutils.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include <unistd.h>

namespace flu::sdk {

std::string file_uri(const std::string &location) {
  std::string path = location;
  if (gst_uri_is_valid(location.c_str())) {
    if (location.rfind("file:", 0) != 0)
      throw std::runtime_error("location '" + location + "' is not a file");
    gchar *name = g_filename_from_uri(location.c_str(), nullptr, nullptr);
    if (!name)
      throw std::runtime_error("location '" + location + "' is not a file URI");
    path = name;
    g_free(name);
  }
  if (access(path.c_str(), R_OK) != 0)
    throw std::runtime_error("cannot read file '" + path + "': " + std::strerror(errno));
  gchar *uri = gst_filename_to_uri(path.c_str(), nullptr);
  std::string out = uri ? uri : "";
  g_free(uri);
  return out;
}

MediaInfo discover(const std::string &location) {
  MediaInfo info;
  info.uri = file_uri(location);
  GError *error = nullptr;
  std::unique_ptr<GstDiscoverer, decltype(&g_object_unref)> discoverer(
      gst_discoverer_new(10 * GST_SECOND, &error), &g_object_unref);
  if (!discoverer) {
    std::string text = error ? error->message : "unknown error";
    g_clear_error(&error);
    throw std::runtime_error("cannot inspect '" + location + "': " + text);
  }
  GstDiscovererInfo *found =
      gst_discoverer_discover_uri(discoverer.get(), info.uri.c_str(), &error);
  const GstDiscovererResult result =
      found ? gst_discoverer_info_get_result(found) : GST_DISCOVERER_ERROR;
  if (result != GST_DISCOVERER_OK) {
    std::string text = error ? error->message : "not a media file GStreamer can decode";
    if (result == GST_DISCOVERER_MISSING_PLUGINS)
      text = "no GStreamer plugin decodes it";
    g_clear_error(&error);
    if (found)
      gst_discoverer_info_unref(found);
    throw std::runtime_error("cannot decode '" + location + "': " + text);
  }
  g_clear_error(&error);
  info.duration_ns = static_cast<int64_t>(gst_discoverer_info_get_duration(found));
  GList *audio = gst_discoverer_info_get_audio_streams(found);
  GList *video = gst_discoverer_info_get_video_streams(found);
  if (audio) {
    auto *a = GST_DISCOVERER_AUDIO_INFO(audio->data);
    info.audio = true;
    info.audio_text = std::to_string(gst_discoverer_audio_info_get_channels(a)) +
                      " channel(s) " +
                      std::to_string(gst_discoverer_audio_info_get_sample_rate(a)) + "Hz";
  }
  if (video) {
    auto *v = GST_DISCOVERER_VIDEO_INFO(video->data);
    info.video = true;
    info.video_text =
        std::to_string(gst_discoverer_video_info_get_width(v)) + " x " +
        std::to_string(gst_discoverer_video_info_get_height(v)) + " at " +
        std::to_string(gst_discoverer_video_info_get_framerate_num(v)) + "/" +
        std::to_string(gst_discoverer_video_info_get_framerate_denom(v)) + " fps";
  }
  gst_discoverer_stream_info_list_free(audio);
  gst_discoverer_stream_info_list_free(video);
  gst_discoverer_info_unref(found);
  if (!info.audio && !info.video)
    throw std::runtime_error("cannot decode '" + location +
                             "': it has neither audio nor video");
  return info;
}

} // namespace flu::sdk
