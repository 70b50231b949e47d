// What the codec module tests (encoders, muxers, converters) ask of their
// output, through real decoders: ffprobe names the codec, ffmpeg decodes
// every packet without a complaint.
#pragma once

#include "standalone_job.hpp"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace flu::modules::test {

// The first line of probe(): ffprobe lists an MPEG-TS stream again under
// its program.
inline std::string probe1(const std::string &file, const std::string &kind,
                          const std::string &entry) {
  const std::string out = probe(file, kind, entry);
  return out.substr(0, out.find('\n'));
}

// How many packets of the first stream of `kind` ("v", "a") ffprobe reads.
inline size_t packets(const std::string &file, const std::string &kind,
                      const std::string &format = {}) {
  std::error_code ec;
  if (std::filesystem::file_size(file, ec) < 1000 || ec)
    return 0;
  std::istringstream lines(run(
      "ffprobe -v error " + (format.empty() ? "" : "-f " + format + " ") +
      "-select_streams " + kind + ":0 -show_entries packet=size -of csv=p=0 " + file));
  size_t n = 0;
  for (std::string line; std::getline(lines, line);)
    n += !line.empty();
  return n;
}

// What ffmpeg says when it decodes the whole of `file` (nothing when it
// decodes cleanly).
inline std::string decode_errors(const std::string &file,
                                 const std::string &format = {}) {
  return run("sh -c 'ffmpeg -nostdin -v error " +
             (format.empty() ? "" : "-f " + format + " ") + "-i " + file +
             " -f null - 2>&1'");
}

// Runs `type` on `eater` (a raw feed fragment) with `properties`, writing its
// feed through `muxer` ("" for none) into `file` until `packets` packets of
// `kind` are there.
inline void encode(const ScratchDir &dir, const std::string &type,
                   const std::string &eater, const std::string &muxer,
                   const std::string &file, const std::vector<std::string> &properties,
                   const std::string &kind, size_t count,
                   const std::string &format = {}) {
  std::vector<std::string> args = {
      "--type",
      type,
      "--eater",
      "default=" + eater,
      "--feeder",
      muxer.empty() ? "default=filesink sync=false buffer-mode=2 location=" + file
                    : file_feeder(muxer, file)};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] { return packets(file, kind, format) >= count; });
}

} // namespace flu::modules::test
