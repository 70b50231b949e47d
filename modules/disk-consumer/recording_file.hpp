// One file being recorded. It only ever holds whole pieces of the stream: a
// write that fails (a full disk, an I/O error) is cut back to where the
// last whole piece ended, so a recording stopped by a failure still plays
// to its end, and what was written before is left as it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace flu::disk_consumer {

class RecordingFile {
public:
  // Creates the file (never replacing one); throws with the path and the
  // system's reason.
  explicit RecordingFile(std::filesystem::path path);
  ~RecordingFile();
  RecordingFile(const RecordingFile &) = delete;
  RecordingFile &operator=(const RecordingFile &) = delete;

  // Appends one piece whole, or throws with the path and the reason after
  // cutting the file back to its size before the piece.
  void write(const uint8_t *data, size_t size);
  // Flushes to the disk and closes; throws with the path and the reason
  // (the bytes written stay).
  void close();

  const std::filesystem::path &path() const { return path_; }
  uint64_t size() const { return size_; }

private:
  std::filesystem::path path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

} // namespace flu::disk_consumer
