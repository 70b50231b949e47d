// PlaylistWatch: the playlist file and the playlist directory's files, read
// again when they change, turned into the player's timetable.
//
// Polled once a second (a stat of each file and a listing of the
// directory) rather than watched with inotify: editors save by writing a
// new file and renaming it over the old one, playlists arrive by copy or
// rsync in several writes, and directories may be on NFS, where inotify
// sees nothing. Polling sees each of these as "changed" and a half-written
// file is only refused until the next poll finds it complete. Flumotion's
// directory watcher polled as well. A second's delay is well inside the
// lead a schedule has.
//
// A file that does not parse keeps its previous entries (a warning names
// the file and line); a bad entry is skipped with a warning naming its
// line; a removed file takes its entries with it. An entry skipped because
// its media file is missing or does not decode is tried again when that
// file appears or changes (checked every few seconds), without a word more.
#pragma once

#include "player.hpp"
#include "playlist_file.hpp"

#include <flu/sdk.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

namespace flu::modules::playlist {

class PlaylistWatch {
public:
  // `file` and `directory` may be empty (not both); relative filenames are
  // taken from `base_directory`, or the playlist's own directory.
  PlaylistWatch(const sdk::Host &host, Player &player, std::string file,
                std::string directory, std::string base_directory);
  ~PlaylistWatch();
  PlaylistWatch(const PlaylistWatch &) = delete;
  PlaylistWatch &operator=(const PlaylistWatch &) = delete;

private:
  struct Known {
    std::filesystem::file_time_type mtime{};
    uintmax_t size = 0;
    bool read = false;
    std::vector<Entry> entries;
  };
  struct Media {
    bool checked = false, exists = false;
    std::filesystem::file_time_type mtime{};
    std::string uri, error;
    bool audio = false, video = false;
    int64_t duration_ns = 0;
  };

  void run();
  bool poll(); // true when something changed
  bool check(const std::filesystem::path &path);
  std::vector<Item> timetable();
  const Media &discover(const std::string &location);
  void warn(const std::string &text) const;

  sdk::Host host_;
  Player &player_;
  std::string file_, directory_, base_directory_;
  std::map<std::filesystem::path, Known> known_;
  std::map<std::string, Media> media_;
  std::vector<std::filesystem::path> changed_; // in this poll
  bool media_missing_ = false;                 // the last timetable skipped a media file
  std::vector<Item> scheduled_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace flu::modules::playlist
