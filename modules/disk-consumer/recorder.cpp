// disk-consumer: see recorder.hpp.
#include "recorder.hpp"

#include "file_name.hpp"
#include "recording_file.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <sys/stat.h>
#include <unistd.h>

namespace flu::disk_consumer {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto retry_period = std::chrono::seconds(1);
constexpr auto directory_check_period = std::chrono::seconds(1);
constexpr const char *write_message = "disk-consumer-write";
constexpr const char *link_message = "disk-consumer-symlink";

bool same_bytes(const std::vector<Bytes> &a, const std::vector<Bytes> &b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].size != b[i].size ||
        (a[i].size > 0 && std::memcmp(a[i].data, b[i].data, a[i].size) != 0))
      return false;
  return true;
}
} // namespace

Recorder::Recorder(RecorderSettings settings, RecorderReport report)
    : settings_(std::move(settings)), report_(std::move(report)) {
  thread_ = std::thread([this] { run(); });
}

Recorder::~Recorder() { finish(); }

void Recorder::finish() {
  if (!thread_.joinable())
    return;
  push(Quit{});
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  thread_.join();
}

void Recorder::push(Item item, size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    if (finished_)
      return;
    queued_bytes_ += bytes;
    queue_.emplace_back(std::move(item), bytes);
  }
  wake_.notify_one();
}

void Recorder::format(StreamFormat format) { push(std::move(format)); }

void Recorder::piece(Piece piece) {
  const size_t size = piece.bytes.size;
  {
    std::lock_guard lock(mutex_);
    if (finished_)
      return;
    // A disk slower than the stream: drop rather than hold up the feed, and
    // end the file at the gap so that it stays whole.
    if (queued_bytes_ + size > settings_.queue_limit_bytes) {
      dropped_bytes_ += size;
      if (dropping_)
        return;
      dropping_ = true;
      queue_.emplace_back(Gap{}, 0);
    } else {
      dropping_ = false;
      queued_bytes_ += size;
      queue_.emplace_back(std::move(piece), size);
    }
  }
  wake_.notify_one();
}

void Recorder::end_of_stream() { push(Stop{}); }

void Recorder::start(const std::string &name_template, std::time_t when) {
  push(Start{name_template.empty() ? settings_.name_template : name_template, when});
}

void Recorder::stop() { push(Stop{}); }

std::string Recorder::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void Recorder::run() {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty(); });
      queued_bytes_ -= queue_.front().second;
      item = std::move(queue_.front().first);
      queue_.pop_front();
    }
    if (std::holds_alternative<Quit>(item)) {
      close_file();
      return;
    }
    try {
      if (auto *f = std::get_if<StreamFormat>(&item))
        handle(*f);
      else if (auto *p = std::get_if<Piece>(&item))
        handle(*p);
      else if (auto *s = std::get_if<Start>(&item)) {
        recording_ = true;
        pending_ = *s;
        retry_at_.reset();
      } else if (std::holds_alternative<Stop>(item)) {
        recording_ = false;
        pending_.reset();
        retry_at_.reset();
        close_file();
      } else if (std::holds_alternative<Gap>(item)) {
        report_.log(FLU_LOG_WARNING,
                    "the disk is slower than the stream: pieces dropped");
        close_file();
      }
    } catch (const std::exception &e) {
      report_.log(FLU_LOG_ERROR, e.what());
    }
    publish();
  }
}

void Recorder::handle(StreamFormat &format) {
  // New headers: a file goes on only with the headers it started with.
  if (file_ && format_ && !same_bytes(format_->headers, format.headers) && recording_ &&
      !pending_)
    pending_ = Start{template_, std::time(nullptr)};
  format_ = std::move(format);
}

void Recorder::handle(Piece &piece) {
  if (!recording_)
    return;
  const auto now = Clock::now();
  if (piece.sync) {
    if (file_ && now - checked_at_ >= directory_check_period && directory_gone())
      return;
    if (pending_) {
      close_file();
      template_ = pending_->name_template;
      const std::time_t when = pending_->when;
      pending_.reset();
      open_file(when);
    } else if (!file_ && (!retry_at_ || now >= *retry_at_)) {
      open_file(std::time(nullptr));
    } else if (file_ && rotation_due(now)) {
      close_file();
      open_file(std::time(nullptr));
    }
  }
  if (!file_)
    return;
  try {
    file_->write(piece.bytes.data, piece.bytes.size);
    bytes_written_ += piece.bytes.size;
  } catch (const std::exception &e) {
    fail(e.what());
  }
}

bool Recorder::rotation_due(Clock::time_point now) const {
  switch (settings_.rotate) {
  case RecorderSettings::Rotate::size:
    return file_->size() >= settings_.size_bytes;
  case RecorderSettings::Rotate::time:
    return now - opened_at_ >= settings_.time;
  case RecorderSettings::Rotate::none:
    break;
  }
  return false;
}

// An open file in a directory that was removed (or had another file system
// mounted over it) takes writes that no one will ever read.
bool Recorder::directory_gone() {
  checked_at_ = Clock::now();
  struct stat st {};
  if (::stat(settings_.directory.c_str(), &st) != 0) {
    fail("the directory " + settings_.directory.string() +
         " is gone: " + std::strerror(errno));
    return true;
  }
  if (st.st_dev != directory_dev_ || st.st_ino != directory_ino_) {
    fail("the directory " + settings_.directory.string() +
         " was replaced while recording into it");
    return true;
  }
  return false;
}

void Recorder::open_file(std::time_t when) {
  try {
    const std::string ext = format_ ? format_->extension : "data";
    const auto path =
        unique_path(settings_.directory, expand_template(template_, when), ext);
    struct stat st {};
    if (::stat(settings_.directory.c_str(), &st) != 0)
      throw std::runtime_error("cannot record into " + settings_.directory.string() +
                               ": " + std::strerror(errno));
    directory_dev_ = st.st_dev;
    directory_ino_ = st.st_ino;
    file_ = std::make_unique<RecordingFile>(path);
    if (format_)
      for (const auto &h : format_->headers)
        file_->write(h.data, h.size);
    headers_size_ = file_->size();
  } catch (const std::exception &e) {
    headers_size_ = UINT64_MAX; // a file that got no media goes
    fail(e.what());
    return;
  }
  opened_at_ = checked_at_ = Clock::now();
  ++files_;
  retry_at_.reset();
  report_.log(FLU_LOG_INFO, "recording to " + file_->path().string());
  if (!failure_.empty()) {
    report_.message(FLU_MESSAGE_INFO, write_message,
                    "Recording again, to " + file_->path().string() +
                        " (after: " + failure_ + ")");
    failure_.clear();
  }
  if (!settings_.current_link.empty()) {
    const std::string why = point_symlink(settings_.current_link, file_->path());
    if (!why.empty())
      report_.message(FLU_MESSAGE_WARNING, link_message,
                      "Cannot point " + settings_.current_link.string() + " at " +
                          file_->path().string() + ": " + why);
  }
}

void Recorder::close_file() {
  if (!file_)
    return;
  std::unique_ptr<RecordingFile> file = std::move(file_);
  const auto path = file->path();
  try {
    file->close();
  } catch (const std::exception &e) {
    // What reached the file stays; the next file is tried as usual.
    report_.message(FLU_MESSAGE_WARNING, write_message, e.what());
  }
  if (file->size() <= headers_size_) {
    // Headers and no media: nothing anyone could play.
    ::unlink(path.c_str());
    return;
  }
  report_.log(FLU_LOG_INFO, "recorded " + path.string() + " (" +
                                std::to_string(file->size()) + " bytes)");
  if (!settings_.last_link.empty()) {
    const std::string why = point_symlink(settings_.last_link, path);
    if (!why.empty())
      report_.message(FLU_MESSAGE_WARNING, link_message,
                      "Cannot point " + settings_.last_link.string() + " at " +
                          path.string() + ": " + why);
  }
}

void Recorder::fail(const std::string &reason) {
  close_file();
  ++failures_;
  retry_at_ = Clock::now() + retry_period;
  report_.log(FLU_LOG_WARNING, reason);
  // Once per cause, not once per retry.
  if (reason != failure_)
    report_.message(FLU_MESSAGE_WARNING, write_message,
                    "Recording interrupted: " + reason +
                        "; it resumes in a new file when the disk takes writes again");
  failure_ = reason;
}

void Recorder::publish() {
  std::string status;
  if (file_)
    status = "recording " + file_->path().string();
  else if (recording_ && retry_at_)
    status = "waiting for the disk: " + failure_;
  else if (recording_)
    status = "waiting for a keyframe";
  else
    status = "stopped";
  uint64_t dropped = 0;
  bool changed = false;
  {
    std::lock_guard lock(mutex_);
    changed = status != status_;
    status_ = status;
    dropped = dropped_bytes_;
  }
  // The figures at most twice a second; a change of state at once.
  const auto now = Clock::now();
  if (!changed && now - published_at_ < std::chrono::milliseconds(500))
    return;
  published_at_ = now;
  report_.ui("recording", file_ ? "true" : "false");
  report_.ui("filename", file_ ? file_->path().string() : "");
  report_.ui("status", status);
  report_.ui("files", std::to_string(files_));
  report_.ui("bytes-written", std::to_string(bytes_written_));
  report_.ui("write-failures", std::to_string(failures_));
  report_.ui("dropped-bytes", std::to_string(dropped));
}

} // namespace flu::disk_consumer
