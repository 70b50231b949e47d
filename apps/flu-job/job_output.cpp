// A worker's job's output, and the job's log (see job_output.hpp).
#include "job_output.hpp"

#include "control/control_channel.hpp"
#include "message/codec.hpp"

#include <cstdlib>
#include <iostream>
#include <utility>

#include <unistd.h>

namespace flu::job {

void WorkerOutput::mood(const std::string &component_id, Mood mood) {
  channel_.send(message::pack(
      message::ComponentMood{component_id, mood, static_cast<uint32_t>(getpid()), {}}));
}

void WorkerOutput::note(const std::string &component_id, const message::Note &note,
                        const std::string &) {
  channel_.send(message::pack(message::ComponentNote{component_id, note}));
}

void WorkerOutput::ui_changes(const std::string &component_id, message::Values changes) {
  channel_.send(message::pack(message::UiState{component_id, std::move(changes)}));
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

void JobLog::name(std::string type, std::string component_id) {
  type_ = std::move(type);
  component_id_ = std::move(component_id);
}

void JobLog::operator()(flu_log_level level, const std::string &text) const {
  if (level <= debug_level())
    std::cerr << "[" << type_ << ":" << component_id_ << "] " << text << std::endl;
}

} // namespace flu::job
