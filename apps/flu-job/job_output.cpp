// A worker's job's output, and the job's log (see job_output.hpp).
#include "job_output.hpp"

#include "control/control_channel.hpp"
#include "i18n/translate.hpp"
#include "message/codec.hpp"

#include <cstdlib>
#include <iostream>
#include <utility>

#include <unistd.h>

namespace flu::job {

message::Note job_note(message::NoteLevel level, std::string id, std::string text) {
  message::Note note = i18n::plain({}, std::move(id), std::move(text));
  note.level = static_cast<decltype(note.level)>(level);
  return note;
}

void WorkerOutput::mood(const std::string &avatar_id, Mood mood) {
  channel_.send(message::pack(
      message::ComponentMood{avatar_id, mood, static_cast<uint32_t>(getpid()), {}}));
}

void WorkerOutput::note(const std::string &avatar_id, const message::Note &note,
                        const std::string &) {
  channel_.send(message::pack(message::ComponentNote{avatar_id, note}));
}

void WorkerOutput::ui_changes(const std::string &avatar_id, message::Values changes) {
  channel_.send(message::pack(message::UiState{avatar_id, std::move(changes)}));
}

void WorkerOutput::to_worker(const std::string &frame, int fd) {
  channel_.send(frame, fd);
}

void WorkerOutput::close() { channel_.close(); }

namespace {

int debug_level() {
  const char *v = std::getenv("FLU_DEBUG");
  return v ? std::atoi(v) : FLU_LOG_INFO;
}

} // namespace

void JobLog::name(std::string type, std::string avatar_id) {
  type_ = std::move(type);
  avatar_id_ = std::move(avatar_id);
}

void JobLog::operator()(flu_log_level level, const std::string &text) const {
  if (level <= debug_level())
    std::cerr << "[" << type_ << ":" << avatar_id_ << "] " << text << std::endl;
}

} // namespace flu::job
