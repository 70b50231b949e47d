#include "bundle_fetcher.hpp"

#include "files/atomic_file.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace flu::worker {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using message::Type;

struct BundleFetcher::Impl {
  // One start or upgrade waiting for its bundles.
  struct Preparation {
    explicit Preparation(asio::io_context &io) : timer(io) {}
    message::JobConfig config;
    Ready ready;
    Failed failed;
    // Index 0: the component's type; then each consulted bouncer's type.
    std::vector<std::pair<std::string, std::string>> lookups; // type, range
    std::vector<std::optional<message::BundleResolution>> answers;
    std::set<std::string> missing; // content addresses still on their way
    asio::steady_timer timer;
  };
  struct Download {
    std::string label; // "http-streamer 1.1.0"
    std::string data;
    uint64_t total = 0;
    std::set<uint64_t> waiting; // preparations
  };

  Impl(asio::io_context &io, std::string who, const FetcherOptions &o, Send send,
       InUse in_use)
      : io(io), who(std::move(who)), options(o), send(std::move(send)),
        in_use(std::move(in_use)), cache(o.cache, load_trust(o)), resend_timer(io) {
    index_local_bundles();
    log::info(this->who, "bundle cache " + o.cache.string() + ": " +
                             std::to_string(cache.held().size()) + " bundles, " +
                             std::to_string(cache.total_bytes()) + " bytes");
  }

  asio::io_context &io;
  std::string who;
  const FetcherOptions &options;
  Send send;
  InUse in_use;
  bundle::TrustStore trust;
  bundle::BundleCache cache;
  std::map<std::string, fs::path> local; // content address → file
  uint32_t next_request = 1;
  uint64_t next_preparation = 1;
  std::map<uint64_t, std::unique_ptr<Preparation>> preparations;
  // request → the preparation and every lookup of it the answer serves
  // (the consulted bouncers often share one type: asked once, not N times).
  std::map<uint32_t, std::pair<uint64_t, std::vector<size_t>>> resolving;
  std::map<std::string, Download> downloads; // by content address
  std::map<uint32_t, std::string> fetching;  // request → address
  // Requests the link did not take (the manager is not reading fast enough,
  // or the session is between logins): sent again until their preparation
  // times out, instead of failing the start at once.
  std::map<uint32_t, std::string> unsent; // request → frame
  asio::steady_timer resend_timer;
  int resend_delay_ms = 0;
  message::BundleCacheStatus counters;
  // Only an install makes the cache bigger: eviction walks the cache after
  // one, not after every start (and once at first, for a lowered limit).
  bool grown = true;

  const bundle::TrustStore &load_trust(const FetcherOptions &o) {
    for (const auto &dir : o.trusted_keys)
      trust.add_directory(dir);
    if (trust.empty())
      log::warning(who, "no trusted release keys: every bundle will be refused");
    return trust;
  }

  void index_local_bundles() {
    for (const auto &dir : options.bundle_dirs) {
      log::warning(who, "TRUSTED LOCAL BUNDLES: bundles in " + dir.string() +
                            " are used instead of the manager's (still verified)");
      std::error_code ec;
      for (const auto &entry : fs::directory_iterator(dir, ec))
        if (entry.path().extension() == ".flub")
          try {
            local[bundle::sha256_hex(files::read_file(entry.path()))] = entry.path();
          } catch (const std::exception &e) {
            log::warning(who, entry.path().string() + ": " + e.what());
          }
      if (ec)
        log::warning(who, "cannot read the bundle folder " + dir.string() + ": " +
                              ec.message());
    }
  }

  void prepare(const message::JobConfig &config, Ready ready, Failed failed) {
    const uint64_t id = next_preparation++;
    auto p = std::make_unique<Preparation>(io);
    p->config = config;
    p->ready = std::move(ready);
    p->failed = std::move(failed);
    p->lookups.emplace_back(config.type, config.version_range);
    for (const auto &consult : config.consults)
      p->lookups.emplace_back(consult.type, "");
    p->answers.resize(p->lookups.size());
    p->timer.expires_after(std::chrono::milliseconds(options.answer_timeout_ms));
    p->timer.async_wait([this, id](auto ec) {
      if (!ec)
        fail(id, "the manager did not provide the bundles within " +
                     std::to_string(options.answer_timeout_ms / 1000) + " s");
    });
    Preparation &prep = *p;
    preparations[id] = std::move(p);
    // One request per distinct (type, range): a multi-bouncer in a planet
    // of N token bouncers consults N - 1 lookups of the same type, and N
    // requests per start filled the link after a login (issue 9).
    std::map<std::pair<std::string, std::string>, uint32_t> asked;
    for (size_t i = 0; i < prep.lookups.size(); ++i) {
      const auto [known, fresh] = asked.emplace(prep.lookups[i], next_request);
      if (!fresh) {
        resolving[known->second].second.push_back(i);
        continue;
      }
      const uint32_t request = next_request++;
      resolving[request] = {id, {i}};
    }
    for (const auto &[lookup, request] : asked) {
      message::BundleResolve ask;
      ask.component_type = lookup.first;
      ask.range = lookup.second;
      ask_manager(request, message::pack(ask, request));
    }
  }

  // Sends a request, or keeps it for later when the link is full or down.
  void ask_manager(uint32_t request, std::string frame) {
    if (!unsent.empty() || !send(frame)) {
      unsent.emplace(request, std::move(frame));
      schedule_resend();
    }
  }

  void schedule_resend() {
    if (resend_delay_ms != 0)
      return; // already scheduled
    resend_delay_ms = 50;
    arm_resend();
  }

  void arm_resend() {
    resend_timer.expires_after(std::chrono::milliseconds(resend_delay_ms));
    resend_timer.async_wait([this](auto ec) {
      if (!ec)
        resend();
    });
  }

  // In request order, stopping at the first the link refuses again; the
  // pause doubles up to 1 s while the link stays full.
  void resend() {
    while (!unsent.empty()) {
      const auto first = unsent.begin();
      if (!resolving.count(first->first) && !fetching.count(first->first)) {
        unsent.erase(first); // its preparation ended meanwhile
        continue;
      }
      if (!send(first->second)) {
        log::debug(who, std::to_string(unsent.size()) +
                            " requests wait for the link to the manager");
        resend_delay_ms = std::min(resend_delay_ms * 2, 1000);
        return arm_resend();
      }
      unsent.erase(first);
    }
    resend_delay_ms = 0;
  }

  void resolved(uint32_t request, const message::BundleResolution &answer) {
    const auto it = resolving.find(request);
    if (it == resolving.end())
      return;
    const auto [id, indices] = std::move(it->second);
    resolving.erase(it);
    const auto p = preparations.find(id);
    if (p == preparations.end())
      return;
    Preparation &prep = *p->second;
    if (!answer.ok)
      return fail(id, "cannot resolve " + prep.lookups[indices.front()].first + ": " +
                          answer.error);
    for (const size_t index : indices)
      prep.answers[index] = answer;
    for (const auto &ref : answer.bundles)
      if (!present(ref))
        want(ref, id);
    check(id);
  }

  // In the cache already, or brought in from a trusted local folder.
  bool present(const message::BundleRef &ref) {
    if (cache.has(ref.sha256)) {
      ++counters.cache_hits;
      return true;
    }
    const auto it = local.find(ref.sha256);
    if (it == local.end())
      return false;
    try {
      cache.install(ref.sha256, files::read_file(it->second), it->second.string());
      grown = true;
      ++counters.cache_hits;
      return true;
    } catch (const std::exception &e) {
      log::warning(who, e.what());
      return false;
    }
  }

  void want(const message::BundleRef &ref, uint64_t id) {
    const auto p = preparations.find(id);
    if (p == preparations.end())
      return; // failed meanwhile (the manager went away)
    p->second->missing.insert(ref.sha256);
    const bool started = downloads.count(ref.sha256) > 0;
    Download &d = downloads[ref.sha256];
    d.waiting.insert(id);
    if (started)
      return;
    d.label = ref.name + " " + ref.version;
    log::info(who, "fetching bundle " + d.label + " (" + std::to_string(ref.size) +
                       " bytes) from the manager");
    request_chunk(ref.sha256);
  }

  void request_chunk(const std::string &sha) {
    const uint32_t request = next_request++;
    fetching[request] = sha;
    message::BundleFetch ask{sha, downloads[sha].data.size(), options.chunk_bytes};
    ask_manager(request, message::pack(ask, request));
  }

  void chunk(uint32_t request, const message::BundleChunk &piece) {
    const auto it = fetching.find(request);
    if (it == fetching.end())
      return;
    const std::string sha = it->second;
    fetching.erase(it);
    const auto d = downloads.find(sha);
    if (d == downloads.end())
      return;
    Download &down = d->second;
    const std::string what = "bundle " + down.label + " (" + sha.substr(0, 12) + ")";
    if (!piece.ok)
      return download_failed(sha,
                             "the manager could not send " + what + ": " + piece.error);
    if (piece.sha256 != sha || piece.offset != down.data.size() ||
        piece.total > options.max_bundle_bytes || piece.total < down.data.size() ||
        piece.data.size() > piece.total - down.data.size() ||
        (piece.data.empty() && down.data.size() < piece.total))
      return download_failed(sha, "the manager sent a piece of " + what +
                                      " that does not fit (offset " +
                                      std::to_string(piece.offset) + ", total " +
                                      std::to_string(piece.total) + ")");
    down.data += piece.data;
    down.total = piece.total;
    if (down.data.size() < down.total)
      return request_chunk(sha);
    try {
      cache.install(sha, down.data, what + " from the manager");
      grown = true;
    } catch (const std::exception &e) {
      return download_failed(sha, e.what());
    }
    ++counters.bundles_fetched;
    counters.bytes_fetched += down.total;
    log::info(who, "fetched and verified " + what + ": " + std::to_string(down.total) +
                       " bytes");
    const std::set<uint64_t> waiting = std::move(down.waiting);
    downloads.erase(d);
    for (const uint64_t id : waiting)
      if (const auto p = preparations.find(id); p != preparations.end()) {
        p->second->missing.erase(sha);
        check(id);
      }
  }

  void download_failed(const std::string &sha, const std::string &why) {
    const auto d = downloads.find(sha);
    if (d == downloads.end())
      return;
    const std::set<uint64_t> waiting = std::move(d->second.waiting);
    downloads.erase(d);
    std::erase_if(fetching, [&](const auto &f) { return f.second == sha; });
    for (const uint64_t id : waiting)
      if (const auto p = preparations.find(id); p != preparations.end())
        fail(id, "cannot bring in the bundles of " + p->second->config.type + ": " + why);
  }

  // Everything resolved and cached: the job may start.
  void check(uint64_t id) {
    const auto p = preparations.find(id);
    if (p == preparations.end())
      return;
    Preparation &prep = *p->second;
    if (!prep.missing.empty())
      return;
    for (const auto &answer : prep.answers)
      if (!answer)
        return;
    JobCode code;
    try {
      for (size_t i = 0; i < prep.answers.size(); ++i) {
        const auto &answer = *prep.answers[i];
        std::string sha;
        for (const auto &ref : answer.bundles) {
          code.bundles.insert(ref.sha256);
          if (ref.name == answer.module_bundle)
            sha = ref.sha256;
        }
        if (sha.empty())
          throw std::runtime_error("the manager's resolution of " +
                                   prep.lookups[i].first + " lacks the bundle " +
                                   answer.module_bundle);
        const fs::path library = cache.module_library(sha, answer.module_id);
        if (i > 0) {
          code.consults.push_back(library);
          continue;
        }
        code.library = library;
        const auto manifest = cache.get(sha).manifest;
        code.version = manifest.label();
        if (const auto *module = manifest.module_for_type(prep.config.type))
          for (const auto &type : module->manifest.types)
            if (type.name == prep.config.type)
              code.handover = type.handover;
      }
    } catch (const std::exception &e) {
      return fail(id, e.what());
    }
    for (const auto &sha : code.bundles)
      cache.touch(sha);
    Ready ready = std::move(prep.ready);
    preparations.erase(p);
    if (std::exchange(grown, false))
      evict(code.bundles);
    ready(std::move(code));
  }

  void evict(const std::set<std::string> &also) {
    std::set<std::string> keep = in_use();
    keep.insert(also.begin(), also.end());
    for (const auto &[id, prep] : preparations)
      for (const auto &answer : prep->answers)
        if (answer)
          for (const auto &ref : answer->bundles)
            keep.insert(ref.sha256);
    for (const auto &sha : cache.evict(options.cache_max_bytes, keep))
      log::info(who, "evicted bundle " + sha.substr(0, 12) + " from the cache");
  }

  void fail(uint64_t id, const std::string &why) {
    const auto p = preparations.find(id);
    if (p == preparations.end())
      return;
    Failed failed = std::move(p->second->failed);
    preparations.erase(p);
    std::erase_if(resolving, [&](const auto &r) { return r.second.first == id; });
    for (auto &[sha, d] : downloads)
      d.waiting.erase(id);
    failed(why);
  }

  void lost(const std::string &why) {
    resolving.clear();
    fetching.clear();
    downloads.clear();
    unsent.clear();
    std::vector<uint64_t> ids;
    for (const auto &[id, prep] : preparations)
      ids.push_back(id);
    for (const uint64_t id : ids)
      fail(id, "lost the manager while fetching bundles: " + why);
  }
};

BundleFetcher::BundleFetcher(asio::io_context &io, std::string who,
                             FetcherOptions options, Send send, InUse in_use)
    : options_(std::move(options)) {
  impl_ = std::make_unique<Impl>(io, std::move(who), options_, std::move(send),
                                 std::move(in_use));
}

BundleFetcher::~BundleFetcher() = default;

void BundleFetcher::prepare(const message::JobConfig &config, Ready ready,
                            Failed failed) {
  impl_->prepare(config, std::move(ready), std::move(failed));
}

bool BundleFetcher::on_message(const message::Envelope &e) {
  switch (static_cast<Type>(e.type)) {
  case Type::bundle_resolution:
    impl_->resolved(e.request_id, message::decode<message::BundleResolution>(e.payload));
    return true;
  case Type::bundle_chunk:
    impl_->chunk(e.request_id, message::decode<message::BundleChunk>(e.payload));
    return true;
  default:
    return false;
  }
}

void BundleFetcher::manager_lost(const std::string &why) { impl_->lost(why); }

message::BundleCacheStatus BundleFetcher::status() const { return impl_->counters; }

} // namespace flu::worker
