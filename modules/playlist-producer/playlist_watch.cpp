// PlaylistWatch: see playlist_watch.hpp.
#include "playlist_watch.hpp"

#include "timetable.hpp"
#include <flu/sdk/media_info.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <system_error>

namespace flu::modules::playlist {
namespace fs = std::filesystem;
namespace {

constexpr auto poll_interval = std::chrono::seconds(1);
// How often a timetable that skipped a missing or undecodable media file is
// made again, to see whether the file has come.
constexpr int media_retry_polls = 3;

// Editors' and copiers' temporary files are not playlists.
bool is_playlist_name(const std::string &name) {
  return !name.empty() && name[0] != '.' && name.back() != '~';
}

int64_t unix_now_ns() { return g_get_real_time() * 1000; }

std::string seconds_text(int64_t ns) {
  return std::to_string(ns / 1'000'000'000) + "." +
         std::to_string(ns % 1'000'000'000 / 100'000'000) + " s";
}

} // namespace

PlaylistWatch::PlaylistWatch(const sdk::Host &host, Player &player, std::string file,
                             std::string directory, std::string base_directory)
    : host_(host), player_(player), file_(std::move(file)),
      directory_(std::move(directory)), base_directory_(std::move(base_directory)) {
  thread_ = std::thread([this] { run(); });
}

PlaylistWatch::~PlaylistWatch() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
}

void PlaylistWatch::warn(const std::string &text) const {
  host_.message(FLU_MESSAGE_WARNING, "playlist-parse-error", text);
}

void PlaylistWatch::run() {
  for (int polls = 0; !stopping_; ++polls) {
    const bool changed = poll();
    if (changed || (media_missing_ && polls % media_retry_polls == 0)) {
      std::vector<Item> items = timetable();
      const auto same = [](const Item &a, const Item &b) {
        return a.same(b) && a.end_ns == b.end_ns;
      };
      if (changed || !std::equal(items.begin(), items.end(), scheduled_.begin(),
                                 scheduled_.end(), same)) {
        scheduled_ = items;
        player_.schedule(std::move(items));
      }
    }
    changed_.clear();
    for (auto waited = std::chrono::milliseconds(0); waited < poll_interval && !stopping_;
         waited += std::chrono::milliseconds(50))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool PlaylistWatch::poll() {
  std::vector<fs::path> present;
  if (!file_.empty())
    present.emplace_back(file_);
  if (!directory_.empty()) {
    std::error_code ec;
    for (fs::directory_iterator it(directory_, ec), end; !ec && it != end;
         it.increment(ec))
      if (it->is_regular_file(ec) && is_playlist_name(it->path().filename().string()))
        present.push_back(it->path());
  }
  bool changed = false;
  // A file gone takes its entries with it.
  for (auto it = known_.begin(); it != known_.end();) {
    if (std::find(present.begin(), present.end(), it->first) == present.end()) {
      it = known_.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  for (const fs::path &path : present)
    changed = check(path) || changed;
  return changed;
}

bool PlaylistWatch::check(const fs::path &path) {
  std::error_code ec;
  const auto mtime = fs::last_write_time(path, ec);
  const uintmax_t size = ec ? 0 : fs::file_size(path, ec);
  Known &known = known_[path];
  if (ec) {
    if (known.read || known.mtime == fs::file_time_type{}) {
      // Said once, until it is back.
      warn("playlist '" + path.string() + "' cannot be read: " + ec.message());
      known.read = false;
      known.mtime = fs::file_time_type::min();
    }
    return false;
  }
  if (known.read && known.mtime == mtime && known.size == size)
    return false;
  known.mtime = mtime;
  known.size = size;
  known.read = true;
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  const std::string base =
      base_directory_.empty() ? path.parent_path().string() : base_directory_;
  try {
    Parsed parsed = parse(text, path.string(), base);
    for (const std::string &w : parsed.warnings)
      warn(w);
    known.entries = std::move(parsed.entries);
  } catch (const ParseError &e) {
    warn(std::string(e.what()) +
         (known.entries.empty() ? "" : "; its previous version goes on playing"));
    return false;
  }
  changed_.push_back(path);
  return true;
}

const PlaylistWatch::Media &PlaylistWatch::discover(const std::string &location) {
  Media &media = media_[location];
  // Asked again when the file appears, goes or changes.
  std::string path = location;
  if (location.rfind("file://", 0) == 0) {
    gchar *name = g_filename_from_uri(location.c_str(), nullptr, nullptr);
    path = name ? name : "";
    g_free(name);
  } else if (location.find("://") != std::string::npos) {
    path.clear(); // another scheme: asked once
  }
  std::error_code ec;
  fs::file_time_type mtime{};
  if (!path.empty())
    mtime = fs::last_write_time(path, ec);
  const bool exists = !ec;
  if (media.checked && media.mtime == mtime && media.exists == exists)
    return media;
  media = Media{};
  media.checked = true;
  media.exists = exists;
  media.mtime = mtime;
  try {
    const sdk::MediaInfo info = sdk::discover(location);
    media.uri = info.uri;
    media.audio = info.audio;
    media.video = info.video;
    media.duration_ns = info.duration_ns;
    if (media.duration_ns <= 0)
      media.error = "'" + location + "' has no duration to schedule";
  } catch (const std::exception &e) {
    media.error = e.what();
  }
  return media;
}

std::vector<Item> PlaylistWatch::timetable() {
  std::vector<Item> candidates;
  std::vector<Slot> slots;
  const int64_t now = unix_now_ns();
  media_missing_ = false;
  for (const auto &[path, known] : known_) {
    // Its entries' problems were said when it was read, unless it just was.
    const bool warn_here =
        std::find(changed_.begin(), changed_.end(), path) != changed_.end();
    for (const Entry &entry : known.entries) {
      if (entry.duration_ns && entry.start_ns + *entry.duration_ns <= now)
        continue; // over before it could be played
      const std::string where =
          "playlist '" + path.string() + "' line " + std::to_string(entry.line);
      const Media &media = discover(entry.location);
      if (!media.error.empty()) {
        media_missing_ = true;
        if (warn_here)
          warn(where + ": entry skipped: " + media.error);
        continue;
      }
      if (entry.offset_ns >= media.duration_ns) {
        if (warn_here)
          warn(where + ": entry skipped: offset " + seconds_text(entry.offset_ns) +
               " is past the end of '" + entry.location + "' (" +
               seconds_text(media.duration_ns) + ")");
        continue;
      }
      Item item;
      item.uri = media.uri;
      item.where = where;
      item.start_ns = entry.start_ns;
      item.offset_ns = entry.offset_ns;
      const int64_t left = media.duration_ns - entry.offset_ns;
      item.end_ns = entry.start_ns + std::min(entry.duration_ns.value_or(left), left);
      item.audio = media.audio;
      item.video = media.video;
      slots.push_back({item.start_ns, item.end_ns, candidates.size()});
      candidates.push_back(std::move(item));
    }
  }
  std::vector<Item> items;
  for (const Slot &slot : arrange(std::move(slots))) {
    items.push_back(candidates[slot.index]);
    items.back().end_ns = slot.end_ns;
  }
  host_.ui_state("entries", std::to_string(items.size()));
  return items;
}

} // namespace flu::modules::playlist
