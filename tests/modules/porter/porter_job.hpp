// A porter in a standalone flu-job on a free port, its socket in a scratch
// directory: for the porter's tests and those of what sits behind it.
#pragma once

#include "../standalone_job.hpp"

#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace flu::modules::test {

inline const std::string kUser = "streamers";
inline const std::string kPassword = "s3cret pass";

// A porter on a free port; its socket in the scratch directory.
class PorterJob {
public:
  explicit PorterJob(std::vector<std::string> properties = {},
                     const std::string &module = FLU_MODULE,
                     std::vector<std::string> job_args = {}) {
    socket_ = (dir_ / "porter.sock").string();
    std::vector<std::string> args = {"--module",   module,
                                     "--type",     "porter",
                                     "--property", "port=0",
                                     "--property", "socket-path=" + socket_,
                                     "--property", "username=" + kUser,
                                     "--property", "password=" + kPassword};
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    args.insert(args.end(), job_args.begin(), job_args.end());
    job_ = std::make_unique<StandaloneJob>(dir_, args);
    const std::regex listening("Porter listening on port ([0-9]+)");
    BOOST_TEST_REQUIRE(job_->wait_until(
                           [&] {
                             std::smatch m;
                             const std::string out = job_->output();
                             if (!std::regex_search(out, m, listening))
                               return false;
                             port_ = std::stoi(m[1]);
                             return true;
                           },
                           20s),
                       FLU_LATER(job_->output()));
  }
  int port() const { return port_; }
  const std::string &socket() const { return socket_; }
  std::string url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  StandaloneJob &job() { return *job_; }

private:
  ScratchDir dir_;
  std::string socket_;
  std::unique_ptr<StandaloneJob> job_;
  int port_ = 0;
};

} // namespace flu::modules::test
