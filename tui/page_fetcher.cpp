#include "page_fetcher.hpp"

#include "files/install_dirs.hpp"
#include "message/codec.hpp"

#include <cstdlib>

namespace flu::admin {

namespace {

std::filesystem::path home_dir(const char *xdg, const char *fallback) {
  if (const char *dir = std::getenv(xdg); dir && *dir == '/')
    return dir;
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / fallback;
  return {};
}

} // namespace

struct PageFetcher::Fetch {
  std::string type;
  message::BundleRef ref; // set once resolved
  std::string data;
};

void default_page_options(PageOptions &o) {
  if (o.cache.empty()) {
    const auto base = home_dir("XDG_CACHE_HOME", ".cache");
    if (!base.empty())
      o.cache = base / "flu" / "admin";
  }
  if (o.trusted_keys.empty()) {
    o.trusted_keys.push_back(files::data_dir() / "trusted-keys");
    const auto config = home_dir("XDG_CONFIG_HOME", ".config");
    if (!config.empty())
      o.trusted_keys.push_back(config / "flu" / "trusted-keys");
  }
}

PageFetcher::PageFetcher(PageOptions options, Send send, std::function<void()> changed)
    : options_(std::move(options)), send_(std::move(send)), changed_(std::move(changed)) {
  try {
    trust_ = std::make_unique<bundle::TrustStore>();
    for (const auto &dir : options_.trusted_keys)
      trust_->add_directory(dir);
    if (options_.cache.empty())
      throw std::runtime_error("no cache folder (set --cache, or HOME)");
    cache_ = std::make_unique<bundle::BundleCache>(options_.cache, *trust_);
  } catch (const std::exception &e) {
    setup_error_ = std::string("pages cannot be fetched: ") + e.what();
  }
}

PageFetcher::~PageFetcher() = default;

const PageState &PageFetcher::page(const std::string &type, const std::string &range) {
  const auto known = pages_.find(type);
  if (known != pages_.end())
    return known->second;
  PageState &state = pages_[type];
  if (!setup_error_.empty()) {
    state.kind = PageState::Kind::failed;
    state.message = setup_error_;
    return state;
  }
  const uint32_t id = next_id_ += 2;
  auto fetch = std::make_unique<Fetch>();
  fetch->type = type;
  in_flight_[id] = std::move(fetch);
  message::BundleResolve resolve;
  resolve.component_type = type;
  resolve.range = range;
  ask(type, message::pack(resolve, id), id);
  return pages_[type];
}

bool PageFetcher::ask(const std::string &type, const std::string &frame, uint32_t id) {
  if (send_(frame))
    return true;
  in_flight_.erase(id);
  fail(type, "not connected to the manager");
  return false;
}

void PageFetcher::fail(const std::string &type, const std::string &why) {
  PageState &state = pages_[type];
  state.kind = PageState::Kind::failed;
  state.message = why;
  if (changed_)
    changed_();
}

bool PageFetcher::on_message(const message::Envelope &e) {
  using message::Type;
  if (e.type != static_cast<uint16_t>(Type::bundle_resolution) &&
      e.type != static_cast<uint16_t>(Type::bundle_chunk))
    return false;
  const auto it = in_flight_.find(e.request_id);
  if (it == in_flight_.end())
    return true;
  std::unique_ptr<Fetch> fetch = std::move(it->second);
  in_flight_.erase(it);
  const std::string type = fetch->type;
  try {
    if (e.type == static_cast<uint16_t>(Type::bundle_resolution)) {
      const auto answer = message::decode<message::BundleResolution>(e.payload);
      if (!answer.ok)
        return fail(type, "the manager cannot resolve " + type + ": " + answer.error),
               true;
      const message::BundleRef *ref = nullptr;
      for (const auto &b : answer.bundles)
        if (b.name == answer.module_bundle)
          ref = &b;
      if (!ref)
        return fail(type, "the manager named no bundle providing " + type), true;
      fetch->ref = *ref;
      pages_[type].bundle = ref->name + " " + ref->version;
      if (cache_->has(ref->sha256)) {
        got_bundle(type, ref->sha256);
        return true;
      }
    } else {
      const auto piece = message::decode<message::BundleChunk>(e.payload);
      const std::string what = "bundle " + pages_[type].bundle;
      if (!piece.ok)
        return fail(type, "the manager could not send " + what + ": " + piece.error),
               true;
      if (piece.sha256 != fetch->ref.sha256 || piece.offset != fetch->data.size() ||
          piece.total > options_.max_bundle_bytes || piece.total < fetch->data.size() ||
          piece.data.size() > piece.total - fetch->data.size() ||
          (piece.data.empty() && fetch->data.size() < piece.total))
        return fail(type, "the manager sent a piece of " + what + " that does not fit"),
               true;
      fetch->data += piece.data;
      if (fetch->data.size() == piece.total) {
        cache_->install(fetch->ref.sha256, fetch->data, what + " from the manager");
        got_bundle(type, fetch->ref.sha256);
        return true;
      }
    }
  } catch (const std::exception &error) {
    const std::string label = pages_[type].bundle.empty() ? type : pages_[type].bundle;
    std::string why = error.what();
    if (why.find(label) == std::string::npos) // BundleError names it already
      why = "bundle " + label + ": " + why;
    fail(type, why);
    return true;
  }
  const uint32_t id = next_id_ += 2;
  message::BundleFetch ask{fetch->ref.sha256, fetch->data.size(), options_.chunk_bytes};
  in_flight_[id] = std::move(fetch);
  this->ask(type, message::pack(ask, id), id);
  return true;
}

void PageFetcher::got_bundle(const std::string &type, const std::string &sha256) {
  PageState &state = pages_[type];
  const auto held = cache_->get(sha256);
  cache_->touch(sha256);
  state.bundle = held.manifest.label();
  for (const auto &s : held.manifest.wizard_steps) // the wizard's (wizard.hpp)
    if (s.component_type == type)
      state.wizard_step = held.directory / s.path;
  for (const auto &p : held.manifest.admin_pages) {
    if (p.component_type != type)
      continue;
    try {
      state.page = std::make_shared<PageLibrary>(held.directory / p.path, type);
      state.kind = PageState::Kind::loaded;
    } catch (const std::exception &e) {
      state.kind = PageState::Kind::failed;
      state.message = "the page " + p.path + " of bundle " + state.bundle +
                      " does not load: " + e.what();
    }
    if (changed_)
      changed_();
    return;
  }
  state.kind = PageState::Kind::none;
  if (changed_)
    changed_();
}

void PageFetcher::manager_lost() {
  for (const auto &[id, fetch] : in_flight_)
    pages_.erase(fetch->type); // asked again when next shown
  in_flight_.clear();
}

} // namespace flu::admin
