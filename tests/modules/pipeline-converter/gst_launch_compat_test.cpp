// <flu/sdk/gst_launch_compat.hpp>: GStreamer 0.10's names in a gst-launch
// fragment read in 1.x's, whole names only, each rename listed once.
#include <flu/sdk/gst_launch_compat.hpp>

#include <boost/test/unit_test.hpp>

namespace gst_launch_compat_test {

using flu::sdk::describe;
using flu::sdk::gstreamer_1_names;

std::string translated(std::string_view fragment) {
  return gstreamer_1_names(fragment).fragment;
}

BOOST_AUTO_TEST_CASE(gstreamer_0_10_names_become_1_x_names) {
  BOOST_TEST(translated("videoscale ! video/x-raw-yuv,width=160,height=120") ==
             "videoscale ! video/x-raw,width=160,height=120");
  BOOST_TEST(translated("ffmpegcolorspace ! video/x-raw-yuv,format=(fourcc)AYUV") ==
             "videoconvert ! video/x-raw,format=(string)AYUV");
  BOOST_TEST(
      translated("audioconvert ! audio/x-raw-int,width=16 ! "
                 "audio/x-raw-float ! ffdec_h264 ! decodebin2") ==
      "audioconvert ! audio/x-raw,width=16 ! audio/x-raw ! avdec_h264 ! decodebin");
  BOOST_TEST(
      translated("video/x-raw-rgb; video/x-raw-gray ! playbin2 ! ffenc_mpeg4 ! "
                 "ffmux_mp4 ! ffdemux_mp4") ==
      "video/x-raw; video/x-raw ! playbin ! avenc_mpeg4 ! avmux_mp4 ! avdemux_mp4");
}

BOOST_AUTO_TEST_CASE(whole_names_only_and_1_x_fragments_stay) {
  // Names that merely contain an old one, or are a bare prefix, stay.
  const auto kept = gstreamer_1_names("myffmpegcolorspace ! video/x-raw-yuvx ! ffdec_");
  BOOST_TEST(kept.fragment == "myffmpegcolorspace ! video/x-raw-yuvx ! ffdec_");
  BOOST_TEST(kept.renamed.empty());
  const auto current =
      gstreamer_1_names("videoflip method=clockwise ! video/x-raw,width=8");
  BOOST_TEST(current.fragment == "videoflip method=clockwise ! video/x-raw,width=8");
  BOOST_TEST(current.renamed.empty());
  BOOST_TEST(gstreamer_1_names("").fragment == "");
  // Quoted text is text: a name inside it is still a name (gst-launch
  // reads caps and element names there too).
  BOOST_TEST(translated("capsfilter caps=\"video/x-raw-yuv\"") ==
             "capsfilter caps=\"video/x-raw\"");
}

BOOST_AUTO_TEST_CASE(each_rename_is_listed_once_in_order) {
  const auto r = gstreamer_1_names(
      "ffmpegcolorspace ! video/x-raw-yuv,format=(fourcc)I420 ! ffmpegcolorspace");
  BOOST_TEST_REQUIRE(r.renamed.size() == 3u);
  BOOST_TEST(r.renamed[0].old_name == "ffmpegcolorspace");
  BOOST_TEST(r.renamed[0].new_name == "videoconvert");
  BOOST_TEST(r.renamed[1].old_name == "video/x-raw-yuv");
  BOOST_TEST(r.renamed[2].old_name == "fourcc");
  BOOST_TEST(describe(r.renamed) ==
             "read GStreamer 0.10's 'ffmpegcolorspace' as 'videoconvert', "
             "'video/x-raw-yuv' as 'video/x-raw', 'fourcc' as 'string'");
  BOOST_TEST(describe({}) == "");
}

} // namespace gst_launch_compat_test
