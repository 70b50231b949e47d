// A path below the hls-streamer's mount point against a catalog of two
// renditions with a few segments: never a crash; an answer is 200 with a
// body, 404 or 503; a segment served is one the window still holds.
#include "../fuzz_target.hpp"

#include "playlist.hpp"

using flu::hls::Catalog;
using flu::hls::WindowSettings;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static Catalog *catalog = [] {
    WindowSettings w;
    w.max_window = 3;
    w.extra = 1;
    w.min_window = 1;
    auto *c = new Catalog(w, 2);
    for (int i = 0; i < 6; ++i)
      c->add_segment(0, 1.0, "segment " + std::to_string(i));
    return c;
  }();
  const std::string path(flu::fuzz::bytes(data, size));
  const auto answer = catalog->get(path);
  FUZZ_CHECK(answer.status == 200 || answer.status == 404 || answer.status == 503);
  FUZZ_CHECK(answer.body != nullptr);
  if (answer.status == 200 && answer.content_type == "video/mp2t")
    FUZZ_CHECK(answer.body->rfind("segment ", 0) == 0 && *answer.body >= "segment 2");
  return 0;
}
