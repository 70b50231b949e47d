// GStreamer 0.10's names in gst-launch fragments; see
// <flu/sdk/gst_launch_compat.hpp> and docs/planet.md ("GStreamer 0.10 names").
#include <flu/sdk/gst_launch_compat.hpp>

#include <algorithm>
#include <cctype>

namespace flu::sdk {
namespace {

struct Rename {
  std::string_view old_name, new_name;
};

// Whole names: a name is a run of letters, digits and "-_/" (so
// video/x-raw-yuv is one and video/x-raw-yuvx none). The format's fourcc
// field type became a string.
constexpr Rename names[] = {
    {"video/x-raw-yuv", "video/x-raw"},
    {"video/x-raw-rgb", "video/x-raw"},
    {"video/x-raw-gray", "video/x-raw"},
    {"audio/x-raw-int", "audio/x-raw"},
    {"audio/x-raw-float", "audio/x-raw"},
    {"ffmpegcolorspace", "videoconvert"},
    {"decodebin2", "decodebin"},
    {"playbin2", "playbin"},
    {"fourcc", "string"},
};
// Prefixes of element families: gst-ffmpeg's became gst-libav's.
constexpr Rename prefixes[] = {
    {"ffdec_", "avdec_"},
    {"ffenc_", "avenc_"},
    {"ffmux_", "avmux_"},
    {"ffdemux_", "avdemux_"},
};

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
         c == '/';
}

std::string rename_one(std::string_view name) {
  for (const auto &r : names)
    if (name == r.old_name)
      return std::string(r.new_name);
  for (const auto &r : prefixes)
    if (name.starts_with(r.old_name) && name.size() > r.old_name.size())
      return std::string(r.new_name) + std::string(name.substr(r.old_name.size()));
  return std::string(name);
}

} // namespace

GstLaunch1x gstreamer_1_names(std::string_view fragment) {
  GstLaunch1x out;
  std::size_t i = 0;
  while (i < fragment.size()) {
    if (!name_char(fragment[i])) {
      out.fragment += fragment[i++];
      continue;
    }
    std::size_t end = i;
    while (end < fragment.size() && name_char(fragment[end]))
      ++end;
    const std::string_view name = fragment.substr(i, end - i);
    std::string renamed = rename_one(name);
    if (renamed != name) {
      GstLaunchRename r{std::string(name), renamed};
      if (std::find(out.renamed.begin(), out.renamed.end(), r) == out.renamed.end())
        out.renamed.push_back(std::move(r));
    }
    out.fragment += renamed;
    i = end;
  }
  return out;
}

std::string describe(const std::vector<GstLaunchRename> &renamed) {
  std::string text;
  for (const auto &r : renamed)
    text += (text.empty() ? "read GStreamer 0.10's '" : ", '") + r.old_name + "' as '" +
            r.new_name + "'";
  return text;
}

std::string gst_launch_fragment(const Host &host, const char *property,
                                std::string_view fragment) {
  auto translated = gstreamer_1_names(fragment);
  if (!translated.renamed.empty()) {
    const std::string text = std::string(property) + ": " + describe(translated.renamed) +
                             " (GStreamer 1.x's names): '" + translated.fragment + "'";
    host.message(FLU_MESSAGE_INFO, "gstreamer-0.10-names", text);
  }
  return std::move(translated.fragment);
}

} // namespace flu::sdk
