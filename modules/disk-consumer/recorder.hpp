// The recorder: the disk-consumer's own thread, which writes the stream to
// files so that a slow or failing disk never holds up the streaming thread
// (the feed keeps flowing to every other eater of it).
//
// Each file is complete in itself: it starts with the stream's headers and
// then a sync point (a keyframe), and rotation (by size or by time) and
// every new recording wait for the next sync point. When the disk fails
// (full, gone, unwritable) the file ends at its last whole piece, an
// operator gets a message naming the path and the reason, and recording
// resumes in a new file, tried again every second.
#pragma once

#include <flu/sdk/bytes.hpp>

#include <flu/module.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace flu::disk_consumer {

class RecordingFile;

// Bytes that stay valid while `keep` lives (a mapped GstBuffer).
using Bytes = flu::sdk::SharedBytes;

// What every file starts with: the stream's headers, and its extension.
struct StreamFormat {
  std::string extension;
  std::vector<Bytes> headers;
};

struct Piece {
  Bytes bytes;
  bool sync = false; // a file may start here
};

struct RecorderSettings {
  enum class Rotate { none, size, time };
  std::filesystem::path directory;
  std::string name_template;
  Rotate rotate = Rotate::none;
  uint64_t size_bytes = 0;
  std::chrono::seconds time{0};
  std::filesystem::path current_link; // empty: none
  std::filesystem::path last_link;    // empty: none
  uint64_t queue_limit_bytes = 64u << 20;
};

// What the recorder tells the component, from its own thread.
struct RecorderReport {
  std::function<void(flu_message_level, const std::string &id, const std::string &)>
      message;
  std::function<void(const std::string &key, const std::string &value)> ui;
  std::function<void(flu_log_level, const std::string &)> log;
};

class Recorder {
public:
  Recorder(RecorderSettings settings, RecorderReport report);
  ~Recorder(); // finish()
  // Ends the file being written (the last-recording link then points at
  // it) and the thread; what comes after is ignored. Idempotent.
  void finish();
  Recorder(const Recorder &) = delete;
  Recorder &operator=(const Recorder &) = delete;

  // From the streaming thread.
  void format(StreamFormat format);
  void piece(Piece piece);
  void end_of_stream();

  // From anywhere: a new file from the next sync point on, named from
  // `name_template` (the configured one when empty) at `when`.
  void start(const std::string &name_template, std::time_t when);
  void stop();
  // "recording PATH" or "stopped", for an admin.
  std::string status() const;

private:
  struct Start {
    std::string name_template;
    std::time_t when;
  };
  struct Stop {};
  struct Gap {}; // pieces were dropped: the file must end here
  struct Quit {};
  using Item = std::variant<StreamFormat, Piece, Start, Stop, Gap, Quit>;

  void push(Item item, size_t bytes = 0);
  void run();
  void handle(StreamFormat &format);
  void handle(Piece &piece);
  void open_file(std::time_t when);
  void close_file();
  void fail(const std::string &reason);
  bool rotation_due(std::chrono::steady_clock::time_point now) const;
  bool directory_gone();
  void publish();

  const RecorderSettings settings_;
  const RecorderReport report_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<Item, size_t>> queue_;
  size_t queued_bytes_ = 0;
  bool dropping_ = false;
  bool finished_ = false; // nothing more is queued
  uint64_t dropped_bytes_ = 0;
  std::string status_ = "stopped";

  // The writer thread's own.
  std::optional<StreamFormat> format_;
  std::unique_ptr<RecordingFile> file_;
  uint64_t headers_size_ = 0; // of file_: a file no longer than this is removed
  bool recording_ = false;
  std::optional<Start> pending_; // a new file at the next sync point
  std::string template_;         // of the recording under way
  std::chrono::steady_clock::time_point opened_at_;
  std::chrono::steady_clock::time_point checked_at_;
  std::chrono::steady_clock::time_point published_at_;
  std::optional<std::chrono::steady_clock::time_point> retry_at_; // set: failing
  std::string failure_; // the reason last reported
  uint64_t directory_dev_ = 0, directory_ino_ = 0;
  uint64_t files_ = 0, bytes_written_ = 0, failures_ = 0;

  std::thread thread_;
};

} // namespace flu::disk_consumer
