// Where flu-admin's component pages come from: the component type's bundle,
// fetched from the manager through the public protocol as a worker fetches
// it (BundleResolve, then BundleFetch pieces), verified against the
// console's own trust store and unpacked into its own cache by the same
// bundle::BundleCache workers use, then the page's library loaded from it.
// One fetch per component type; its outcome (a page, no page, or a message
// naming the bundle and the reason) is kept until the console restarts.
#pragma once

#include "bundle/cache.hpp"
#include "message/envelope.hpp"
#include "page_library.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flu::admin {

struct PageOptions {
  std::filesystem::path cache;                     // default ~/.cache/flu/admin
  std::vector<std::filesystem::path> trusted_keys; // default as a worker's
  uint32_t chunk_bytes = 512 * 1024;
  uint64_t max_bundle_bytes = 256ull << 20;
};

// Fills the defaults: the cache in $XDG_CACHE_HOME or ~/.cache, the trust
// store of a worker on this machine (share/flu/trusted-keys beside the
// executable, ~/.config/flu/trusted-keys).
void default_page_options(PageOptions &options);

struct PageState {
  enum class Kind { fetching, none, loaded, failed };
  Kind kind = Kind::fetching;
  std::string bundle;  // "http-streamer 1.0.0", once known
  std::string message; // failed: names the bundle and the reason
  std::shared_ptr<PageLibrary> page;
  std::filesystem::path wizard_step; // the bundle's wizard step for the type, if any
};

class PageFetcher {
public:
  using Send = std::function<bool(const std::string &frame)>;
  // A malformed trust store or an unusable cache is not fatal: every page
  // then fails with that reason.
  PageFetcher(PageOptions options, Send send, std::function<void()> changed);
  ~PageFetcher();

  // The page of `type` (fetching it the first time it is asked for).
  const PageState &page(const std::string &type, const std::string &range);
  // BundleResolution and BundleChunk answers; false for other frames.
  bool on_message(const message::Envelope &e);
  // The manager went away: fetches under way fail, to be asked again.
  void manager_lost();

private:
  struct Fetch;
  void fail(const std::string &type, const std::string &why);
  void got_bundle(const std::string &type, const std::string &sha256);
  bool ask(const std::string &type, const std::string &frame_type, uint32_t id);

  PageOptions options_;
  Send send_;
  std::function<void()> changed_;
  std::string setup_error_;
  std::unique_ptr<bundle::TrustStore> trust_;
  std::unique_ptr<bundle::BundleCache> cache_;
  std::map<std::string, PageState> pages_;               // by component type
  std::map<uint32_t, std::unique_ptr<Fetch>> in_flight_; // by request id
  uint32_t next_id_ = 2; // even: the console's own requests are odd
};

} // namespace flu::admin
