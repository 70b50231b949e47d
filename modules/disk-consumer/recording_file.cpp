// disk-consumer: see recording_file.hpp.
#include "recording_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace flu::disk_consumer {

namespace {
std::runtime_error failure(const char *what, const std::filesystem::path &path, int err) {
  return std::runtime_error(std::string("cannot ") + what + " " + path.string() + ": " +
                            std::strerror(err));
}
} // namespace

RecordingFile::RecordingFile(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw failure("create", path_, errno);
}

RecordingFile::~RecordingFile() {
  if (fd_ >= 0)
    ::close(fd_);
}

void RecordingFile::write(const uint8_t *data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd_, data + done, size - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    const int err = n < 0 ? errno : ENOSPC; // a write of 0 bytes: nothing fits
    // Back to the last whole piece; if even that fails the file keeps a
    // partial piece at its end, which players skip.
    if (done > 0 && ::ftruncate(fd_, static_cast<off_t>(size_)) == 0)
      ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET);
    throw failure("write to", path_, err);
  }
  size_ += size;
}

void RecordingFile::close() {
  if (fd_ < 0)
    return;
  const int synced = ::fdatasync(fd_);
  const int sync_error = errno;
  const int closed = ::close(fd_);
  const int close_error = errno;
  fd_ = -1;
  if (synced != 0 && sync_error != EINVAL)
    throw failure("flush", path_, sync_error);
  if (closed != 0)
    throw failure("close", path_, close_error);
}

} // namespace flu::disk_consumer
