// A really interlaced file and what a test sees in each frame of a
// deinterlaced (or not) copy: shared by the tests of every component that
// deinterlaces (loop-producer through raw_av::video, video-converter).
#pragma once

#include "process.hpp"
#include "standalone_job.hpp"

#include <cstdlib>
#include <string>
#include <vector>

namespace flu::modules::test {

// A really interlaced one-second file: ffmpeg draws 50 pictures a second,
// white and black in turn, and weaves each two into one frame (its
// `interlace` filter: the white picture's lines are the top field, the
// black one's the bottom field, 25 frames a second), coded as interlaced
// H.264 (field pictures, top field first) in Matroska.
inline std::string make_interlaced_file(const ScratchDir &dir) {
  const std::string file = dir / "interlaced.mkv";
  const auto r = flu::test::run(
      {"/usr/bin/ffmpeg",
       "-v",
       "error",
       "-f",
       "lavfi",
       "-i",
       "color=c=gray:s=160x120:r=50,geq=lum='if(mod(N\\,2)\\,16\\,235)':cb=128:cr=128",
       "-t",
       "1",
       "-vf",
       "interlace=scan=tff:lowpass=off",
       "-c:v",
       "libx264",
       "-flags",
       "+ilme+ildct",
       "-x264-params",
       "tff=1",
       "-qp",
       "10",
       "-pix_fmt",
       "yuv420p",
       file},
      30s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  return file;
}

// What each frame shows in rows 8 to 111: how much neighbouring rows
// differ (mean absolute luma difference of each row and the row below: a
// woven frame of a white and a black field combs, about 255; a
// deinterlaced one has next to none) and its mean luma (a deinterlaced
// frame is the white top field, bright; a frame that is not the picture,
// black or whatever a buffer held, is not).
struct Rows {
  double combing = 0, luma = 0;
};

inline std::vector<Rows> rows(const std::string &file) {
  constexpr int width = 160, height = 120;
  const auto r = flu::test::run({"/usr/bin/ffmpeg", "-v", "error", "-i", file, "-f",
                                 "rawvideo", "-pix_fmt", "gray", "-"},
                                30s);
  std::vector<Rows> out;
  const auto *bytes = reinterpret_cast<const unsigned char *>(r.out.data());
  const double pixels = (height - 16) * width;
  for (size_t at = 0; at + width * height <= r.out.size(); at += width * height) {
    Rows frame;
    for (int row = 8; row < height - 8; ++row)
      for (int column = 0; column < width; ++column) {
        const int here = bytes[at + size_t(row * width + column)];
        frame.combing +=
            std::abs(here - int(bytes[at + size_t((row + 1) * width + column)]));
        frame.luma += here;
      }
    frame.combing /= pixels;
    frame.luma /= pixels;
    out.push_back(frame);
  }
  return out;
}

} // namespace flu::modules::test
