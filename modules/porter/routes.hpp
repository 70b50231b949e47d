// Which streamer gets a request path: exact paths first, then the longest
// registered prefix (Flumotion's porter's rule). Several streamers may hold
// the same path (one stream split over processes to use every core): they
// take its viewers in turn.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace flu::porter {

using StreamerId = uint64_t;

class Routes {
public:
  void add_path(const std::string &path, StreamerId id);
  void add_prefix(const std::string &prefix, StreamerId id);
  // Removes `id` from the path (or prefix) `path`; false if it did not hold it.
  bool remove(const std::string &path, StreamerId id);
  void remove_all(StreamerId id); // a streamer went away

  // The streamers that may take `path`, the one whose turn it is first
  // (and the turn moves on); empty: nobody registered it.
  std::vector<StreamerId> candidates(const std::string &path);

  // The paths and prefixes (ending in '*') `id` holds, joined by ", ".
  std::string held_by(StreamerId id) const;

  // "path id,id" lines (prefixes end in '*'), for an admin.
  std::string describe() const;
  size_t size() const { return paths_.size() + prefixes_.size(); }

private:
  struct Route {
    std::vector<StreamerId> ids;
    size_t next = 0;
  };
  static void add(Route &route, StreamerId id);
  static std::vector<StreamerId> take_turn(Route &route);

  std::map<std::string, Route> paths_;
  std::map<std::string, Route> prefixes_;
};

} // namespace flu::porter
