// See atomic_file.hpp.
#include "files/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flu::files {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::strerror(err); }

void sync_dir(const fs::path &dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Writes `text` to a new file aside `final` with `mode`, flushed to disk;
// returns its path. The caller puts it in place.
fs::path write_aside(const fs::path &final, const std::string &text, mode_t mode) {
  std::string pattern = final.string() + ".XXXXXX";
  const int fd = ::mkstemp(pattern.data()); // made 0600
  if (fd < 0)
    throw std::runtime_error("cannot create a file next to " + final.string() + ": " +
                             errno_text(errno));
  const fs::path tmp = pattern;
  bool ok = ::fchmod(fd, mode) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    if (ok)
      done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + final.string() + ": " + errno_text(err));
  }
  return tmp;
}

} // namespace

bool create_exclusive(const fs::path &final, const std::string &text, mode_t mode) {
  const fs::path tmp = write_aside(final, text, mode);
  const int rc = ::link(tmp.c_str(), final.c_str());
  const int err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0 && err == EEXIST)
    return false;
  if (rc != 0)
    throw std::runtime_error("cannot create " + final.string() + ": " + errno_text(err));
  sync_dir(final.parent_path());
  return true;
}

void replace_file(const fs::path &final, const std::string &text, mode_t mode) {
  const fs::path tmp = write_aside(final, text, mode);
  if (::rename(tmp.c_str(), final.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot create " + final.string() + ": " + errno_text(err));
  }
  sync_dir(final.parent_path());
}

void make_private_dir(const fs::path &dir) {
  if (fs::is_directory(dir))
    return;
  if (dir.has_parent_path() && dir.parent_path() != dir)
    fs::create_directories(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::runtime_error("cannot create " + dir.string() + ": " + errno_text(errno));
  if (!fs::is_directory(dir))
    throw std::runtime_error(dir.string() + " is not a directory");
}

std::string read_file(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + file.string() + ": " + errno_text(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw std::runtime_error("cannot read " + file.string());
  return std::move(text).str();
}

void check_private(const fs::path &file, const std::string &hint) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw std::runtime_error("cannot read " + file.string() + ": " + errno_text(errno));
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw std::runtime_error(file.string() + " is open to others than its owner (mode " +
                             mode + "): refusing to use it" +
                             (hint.empty() ? "" : "; " + hint));
  }
}

} // namespace flu::files
