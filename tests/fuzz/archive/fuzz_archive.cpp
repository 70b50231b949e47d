// Bundle archives (tar + zstd, or what libarchive else reads): unpacking a
// hostile archive is refused or gives entries whose paths are safe; small
// limits keep each input cheap. What unpacks packs and unpacks again equal.
#include "../fuzz_target.hpp"

#include "bundle/archive.hpp"

using namespace flu::bundle;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ArchiveLimits limits;
  limits.max_entries = 64;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  std::vector<ArchiveEntry> entries;
  try {
    entries = unpack(flu::fuzz::bytes(data, size), "<fuzz>", limits);
  } catch (const ArchiveError &) {
    return 0;
  }
  FUZZ_CHECK(entries.size() <= limits.max_entries);
  for (const auto &entry : entries) {
    try {
      check_entry_path(entry.path, limits);
    } catch (const ArchiveError &) {
      FUZZ_CHECK(!"unpack() gave an entry whose path check_entry_path() refuses");
    }
  }
  try {
    const auto again = unpack(pack(entries), "<packed>", limits);
    FUZZ_CHECK(again.size() == entries.size());
    for (std::size_t i = 0; i < again.size(); ++i)
      FUZZ_CHECK(again[i].path == entries[i].path && again[i].data == entries[i].data);
  } catch (const ArchiveError &) {
    // Two entries of one path unpack but do not pack: pack() refuses them.
  }
  return 0;
}
