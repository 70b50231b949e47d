// See bundle_service.hpp.
#include "bundle_service.hpp"

#include "files/atomic_file.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"

#include <algorithm>

namespace flu::manager {
namespace {

constexpr const char *log_as = "manager";
namespace fs = std::filesystem;
using message::ReplyCode;

std::string admin_reply(uint32_t id, ReplyCode code, std::string text) {
  return message::pack(message::AdminReply{code, std::move(text), {}}, id);
}

} // namespace

BundleService::BundleService(BundleOptions options) : options_(std::move(options)) {
  for (const auto &dir : options_.trusted_keys)
    trust_.add_directory(dir);
  if (trust_.empty())
    log::warning(log_as, "no trusted release keys: every bundle will be refused");
  for (const auto &key : trust_.keys())
    log::info(log_as, "trusting release key " + key.name + " (" + key.id() + ")");
  repository_ = std::make_unique<bundle::Repository>(
      options_.repository, bundle::Repository::Mode::store, &trust_);
  for (const auto &e : repository_->errors())
    log::warning(log_as, "bundle skipped: " + e);
  for (const auto &dir : options_.import) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".flub")
        files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto &file : files) {
      try {
        // The build's own folder is authoritative: a rebuild of the same
        // version replaces what the repository held.
        const auto p = repository_->publish(files::read_file(file), file.string(), true);
        if (p.replaced)
          log::warning(log_as, p.bundle->manifest.label() +
                                   " was rebuilt without a new " +
                                   "version; the repository now holds the rebuild");
      } catch (const std::exception &e) {
        log::warning(log_as, std::string("bundle not imported: ") + e.what());
      }
    }
  }
  log::info(log_as, "repository " + options_.repository.string() + ": " +
                        std::to_string(repository_->bundles().size()) + " bundles");
}

BundleService::~BundleService() = default;

std::string BundleService::resolve(const message::BundleResolve &ask,
                                   uint32_t request_id) const {
  message::BundleResolution out;
  try {
    const bundle::Resolution r =
        ask.bundle.empty() ? repository_->resolve_type(ask.component_type, ask.range)
                           : repository_->resolve_bundle(ask.bundle, ask.range);
    for (const auto *b : r.bundles)
      out.bundles.push_back({b->manifest.name, b->manifest.version, b->sha256, b->size});
    if (r.module_bundle)
      out.module_bundle = r.module_bundle->manifest.name;
    out.module_id = r.module_id;
    out.ok = true;
  } catch (const bundle::ResolveError &e) {
    out.error = e.what();
  }
  return message::pack(out, request_id);
}

fs::path BundleService::module_library(const std::string &type,
                                       const std::string &range) {
  const bundle::Resolution r = repository_->resolve_type(type, range);
  const bundle::StoredBundle &b = *r.module_bundle;
  if (!cache_)
    cache_ = std::make_unique<bundle::BundleCache>(options_.cache, trust_);
  if (!cache_->has(b.sha256))
    cache_->install(b.sha256, repository_->read(b), b.file.string());
  cache_->touch(b.sha256);
  return cache_->module_library(b.sha256, r.module_id);
}

std::string BundleService::fetch(const message::BundleFetch &ask, uint32_t request_id) {
  message::BundleChunk out;
  out.sha256 = ask.sha256;
  const bundle::StoredBundle *b = repository_->find(ask.sha256);
  if (!b) {
    out.error = "no bundle with sha256 " + ask.sha256.substr(0, 64);
    return message::pack(out, request_id);
  }
  try {
    if (cached_sha_ != b->sha256) {
      cached_bytes_ = repository_->read(*b);
      cached_sha_ = b->sha256;
    }
  } catch (const std::exception &e) {
    cached_sha_.clear();
    out.error = e.what();
    log::warning(log_as, out.error);
    return message::pack(out, request_id);
  }
  out.total = cached_bytes_.size();
  if (ask.offset > out.total) {
    out.error = "offset past the end of " + b->manifest.label();
    return message::pack(out, request_id);
  }
  const uint32_t n = std::min(ask.max_bytes ? ask.max_bytes : options_.chunk_bytes,
                              options_.chunk_bytes);
  out.offset = ask.offset;
  out.data = cached_bytes_.substr(ask.offset, n);
  out.ok = true;
  return message::pack(out, request_id);
}

std::string BundleService::publish(const std::string &peer, const std::string &name,
                                   const message::BundlePublish &piece, uint32_t id) {
  if (piece.total > options_.max_bundle_bytes)
    return admin_reply(id, ReplyCode::failed,
                       "bundle of " + std::to_string(piece.total) +
                           " bytes is over the limit of " +
                           std::to_string(options_.max_bundle_bytes));
  Upload &up = uploads_[peer];
  if (piece.offset == 0)
    up = Upload{piece.sha256, piece.total, {}};
  if (up.sha256 != piece.sha256 || up.total != piece.total ||
      piece.offset != up.data.size() || up.data.size() + piece.data.size() > up.total) {
    uploads_.erase(peer);
    return admin_reply(id, ReplyCode::failed,
                       "upload out of order: start again from offset 0");
  }
  up.data += piece.data;
  if (up.data.size() < up.total)
    return admin_reply(id, ReplyCode::done,
                       "received " + std::to_string(up.data.size()) + " bytes");
  const Upload whole = std::move(up);
  uploads_.erase(peer);
  if (bundle::sha256_hex(whole.data) != whole.sha256)
    return admin_reply(id, ReplyCode::failed,
                       "the upload does not match its SHA-256: damaged in transit");
  try {
    const auto p = repository_->publish(whole.data, "bundle from " + name);
    const std::string label = p.bundle->manifest.label();
    if (!p.added)
      return admin_reply(id, ReplyCode::done,
                         label + " is already published (sha256 " +
                             whole.sha256.substr(0, 16) + ")");
    log::info(log_as, name + " published " + label + ", signed by " + p.bundle->signer);
    return admin_reply(id, ReplyCode::done,
                       "published " + label + " (sha256 " + whole.sha256.substr(0, 16) +
                           ", signed by " + p.bundle->signer + ")");
  } catch (const bundle::PublishConflict &e) {
    return admin_reply(id, ReplyCode::not_now, e.what());
  } catch (const std::exception &e) {
    log::warning(log_as, std::string("refused a bundle: ") + e.what());
    return admin_reply(id, ReplyCode::failed, e.what());
  }
}

message::AdminReply BundleService::list() const {
  message::AdminReply out;
  const auto all = repository_->bundles();
  out.text = std::to_string(all.size()) + " bundles";
  for (const auto *b : all) {
    std::vector<std::string> v{b->manifest.name, b->manifest.version,
                               std::to_string(b->size), b->signer, b->manifest.platform};
    for (const auto &t : b->manifest.component_types())
      v.push_back(t);
    out.values.emplace_back(b->sha256, std::move(v));
  }
  return out;
}

message::AdminReply BundleService::types(const std::string &type) const {
  // bundles() is by name, then version: the last of a name is its newest.
  std::vector<const bundle::StoredBundle *> newest;
  for (const auto *b : repository_->bundles()) {
    if (!newest.empty() && newest.back()->manifest.name == b->manifest.name)
      newest.back() = b;
    else
      newest.push_back(b);
  }
  message::AdminReply out;
  out.code = ReplyCode::done;
  auto row = [&](std::vector<std::string> cells) {
    out.values.emplace_back(std::to_string(out.values.size()), std::move(cells));
  };
  if (type.empty())
    out.values.push_back({"columns",
                          {"type", "bundle", "version", "wizard-step", "title", "accepts",
                           "provides", "checks"}});
  for (const auto *b : newest)
    for (const auto &module : b->manifest.modules)
      for (const auto &t : module.manifest.types) {
        if (!type.empty()) {
          if (t.name != type)
            continue;
          out.values.push_back({"columns", {"check", "usage", "columns", "description"}});
          for (const auto &c : t.checks) {
            std::string columns;
            for (const auto &name : c.columns)
              columns += (columns.empty() ? "" : " ") + name;
            row({c.name, c.usage, columns, c.description});
          }
          out.text = type + " (" + b->manifest.label() +
                     "): " + std::to_string(t.checks.size()) + " checks";
          return out;
        }
        bundle::WizardStep step;
        for (const auto &s : b->manifest.wizard_steps)
          if (s.component_type == t.name)
            step = s;
        std::string checks;
        for (const auto &c : t.checks)
          checks += (checks.empty() ? "" : " ") + c.name;
        row({t.name, b->manifest.name, b->manifest.version, step.role, step.title,
             step.accepts, step.provides, checks});
      }
  if (!type.empty())
    return {ReplyCode::no_target,
            "no component type " + type + " in the manager's bundles",
            {}};
  out.text = std::to_string(out.values.size() - 1) + " component types";
  return out;
}

void BundleService::forget(const std::string &peer) { uploads_.erase(peer); }

} // namespace flu::manager
