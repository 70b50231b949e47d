// GStreamer 0.10 names in gst-launch fragments (<flu/sdk/gst_launch_compat.hpp>),
// as Flumotion planets' pipeline-converter and pipeline-producer write them.
// Reading is idempotent (a 1.x fragment has nothing left to rename), only
// whole names change, and each rename is listed once.
#include "../fuzz_target.hpp"

#include <flu/sdk/gst_launch_compat.hpp>

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string fragment(flu::fuzz::bytes(data, size));
  const auto once = flu::sdk::gstreamer_1_names(fragment);
  const auto twice = flu::sdk::gstreamer_1_names(once.fragment);
  FUZZ_CHECK(twice.fragment == once.fragment);
  FUZZ_CHECK(twice.renamed.empty());
  FUZZ_CHECK(once.renamed.empty() == (once.fragment == fragment));
  for (size_t i = 0; i < once.renamed.size(); ++i) {
    FUZZ_CHECK(once.renamed[i].old_name != once.renamed[i].new_name);
    FUZZ_CHECK(std::count(once.renamed.begin(), once.renamed.end(), once.renamed[i]) ==
               1);
  }
  (void)flu::sdk::describe(once.renamed);
  return 0;
}
