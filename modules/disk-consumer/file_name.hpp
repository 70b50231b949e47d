// Where a recording goes: the file name template (strftime, as Flumotion's
// disker), the extension the stream's media type calls for, a name that
// never replaces an earlier recording, and the symlinks to the current and
// the last complete recording.
#pragma once

#include <ctime>
#include <filesystem>
#include <string>

namespace flu::disk_consumer {

// "video/webm" -> "webm"; an unknown type -> "data" (Flumotion's mimetypes).
std::string extension_for(const std::string &media_type);

// The template expanded with strftime at `when` (local time); throws when
// the result is empty or names something outside the directory (a '/').
std::string expand_template(const std::string &name_template, std::time_t when);

// DIRECTORY/NAME.EXT, or NAME-1.EXT, NAME-2.EXT... when taken: a file
// recorded earlier is never overwritten.
std::filesystem::path unique_path(const std::filesystem::path &directory,
                                  const std::string &name, const std::string &ext);

// Points `link` at `target`, replacing what was there atomically (a new
// link renamed over the old one). Returns "" or why it failed.
std::string point_symlink(const std::filesystem::path &link,
                          const std::filesystem::path &target);

} // namespace flu::disk_consumer
