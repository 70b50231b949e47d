// The runtime checks the manager asks of this worker (docs/control-plane.md
// "Runtime checks"): the type's bundles come in as for a start, then
// `flu-job --check` runs the check in a process of its own with a time
// limit. A check that hangs is killed at its limit and one that crashes
// ends alone; either way the manager hears why, and nothing else stops.
#pragma once

#include "bundle_fetcher.hpp"
#include "message/messages.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <sys/types.h>

namespace boost::asio {
class io_context;
}

namespace flu::worker {

class Checks {
public:
  using ToManager = std::function<void(const std::string &frame)>;
  Checks(boost::asio::io_context &io, std::string who, BundleFetcher &fetcher,
         std::filesystem::path job_executable, ToManager to_manager);
  ~Checks();

  void run(const message::RunCheck &request);
  // A child ended: true when it was a check's process.
  bool exited(pid_t pid, int status);
  // The bundles running checks use: not to be evicted.
  std::set<std::string> bundles_in_use() const;
  // The worker stops: every check still running is killed and not answered.
  void abort_all();

private:
  struct Running;
  void spawn(uint64_t id, const JobCode &code);
  void finish(uint64_t id);
  void answer(const message::RunCheck &request, bool ok, const std::string &text);

  boost::asio::io_context &io_;
  std::string who_;
  BundleFetcher &fetcher_;
  std::filesystem::path job_executable_;
  ToManager to_manager_;
  uint64_t next_ = 1;
  std::map<uint64_t, std::unique_ptr<Running>> running_; // by our own id
};

} // namespace flu::worker
