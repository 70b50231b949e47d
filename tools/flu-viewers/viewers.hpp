// A set of HTTP viewers of one live stream, read by one thread with poll():
// per viewer the body bytes, whether it was disconnected, and the longest
// time between two reads that brought data. One viewer's body can be saved
// to a file, to check that it decodes.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace flu::viewers {

struct Viewer {
  int fd = -1;
  uint64_t bytes = 0; // body bytes
  bool head_done = false;
  std::string head;
  int status = 0;            // HTTP status
  bool disconnected = false; // the server closed or reset it
  int64_t last_read_ms = 0;
  int64_t longest_gap_ms = 0;
};

class Viewers {
public:
  // Connects `count` viewers to 127.0.0.1:port and sends each its GET.
  // Throws std::runtime_error when one cannot connect.
  Viewers(uint16_t port, const std::string &path, unsigned count,
          const std::string &save_file);
  ~Viewers();

  // Reads whatever arrives for up to `ms` milliseconds.
  void run_for(int ms);
  const std::vector<Viewer> &all() const { return viewers_; }

  // "connected N\ndisconnected N\nlongest-gap-ms N\nbytes B1 B2 ...\n"
  std::string figures() const;

private:
  void read(Viewer &v, int64_t now);
  std::vector<Viewer> viewers_;
  std::ofstream save_;
  std::vector<char> buffer_;
};

int64_t now_ms();

} // namespace flu::viewers
