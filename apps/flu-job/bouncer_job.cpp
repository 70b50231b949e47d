// BouncerJob: see bouncer_job.hpp.
#include "bouncer_job.hpp"
#include "steady_ms.hpp"

#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <sstream>

namespace flu::job {
namespace {

namespace asio = boost::asio;

constexpr auto sweep_interval = std::chrono::seconds(1);

bouncer::BouncerSpec spec_of(const message::JobConfig &config,
                             std::filesystem::path module) {
  bouncer::BouncerSpec spec;
  spec.component_id = config.component_id;
  spec.type = config.type;
  spec.module = std::move(module);
  spec.properties = config.properties;
  for (const auto &c : config.consults)
    spec.consults.push_back({c.name, c.type, c.module_id, c.properties});
  return spec;
}

std::string describe(const bouncer::Issued &is, int64_t now_ms) {
  std::ostringstream line;
  line << is.id << " holder=" << (is.requester.empty() ? "-" : is.requester)
       << " user=" << (is.username.empty() ? "-" : is.username)
       << " address=" << (is.address.empty() ? "-" : is.address)
       << " age=" << (now_ms - is.issued_ms) / 1000 << "s";
  if (is.expires_ms)
    line << " expires-in=" << std::max<int64_t>(0, is.expires_ms - now_ms) / 1000 << "s";
  if (is.ttl_ms)
    line << " ttl=" << is.ttl_ms / 1000 << "s";
  return line.str();
}

} // namespace

struct BouncerJob::Impl {
  Impl(asio::io_context &io, const message::JobConfig &config,
       std::filesystem::path module, Send send_fn, bouncer::BouncerHost::Log log_fn,
       Publish publish_fn)
      : send(std::move(send_fn)), publish(std::move(publish_fn)),
        log(log_fn ? std::move(log_fn) : [](flu_log_level, const std::string &) {}),
        host(spec_of(config, std::move(module)), log), timer(io) {
    host.on_expired([this](const bouncer::Issued &is, const std::string &reason) {
      send(message::pack(message::KeycardExpired{is.requester, is.id, reason}));
    });
    count_keycards();
    schedule_sweep();
  }

  // Counted with the sweep, once a second, not per request: issued() copies
  // the table. The UI state sends only what changed.
  void count_keycards() {
    if (publish)
      publish("keycards", std::to_string(host.issued().size()));
  }

  void schedule_sweep() {
    timer.expires_after(sweep_interval);
    timer.async_wait([this](const boost::system::error_code &error) {
      if (error) // cancelled: the job is going away, `this` with it
        return;
      host.sweep(steady_ms());
      count_keycards();
      schedule_sweep();
    });
  }

  void authenticate(const message::Envelope &e) {
    const auto m = message::decode<message::Authenticate>(e.payload);
    const bouncer::Decision d = host.authenticate(m.keycard, m.component_id);
    send(message::pack(
        message::AuthenticateReply{m.component_id, m.request, d.state, d.keycard},
        e.request_id));
  }

  void expire_keycard(const message::Envelope &e) {
    const auto m = message::decode<message::ExpireKeycard>(e.payload);
    if (!host.expire(m.keycard_id, "expired by an operator"))
      log(FLU_LOG_INFO,
          "asked to expire keycard " + m.keycard_id + ", which it does not hold");
  }

  void invoke(const message::Envelope &e) {
    const auto m = message::decode<message::Invoke>(e.payload);
    message::InvokeResult r{m.component_id, m.request, false, {}};
    std::string method = m.method;
    std::vector<std::string> args = m.args;
    if (const auto space = method.find(' '); space != std::string::npos) {
      args.insert(args.begin(), method.substr(space + 1));
      method.resize(space);
    }
    if (method == "keycards" && args.empty()) {
      const int64_t now = steady_ms();
      for (const auto &is : host.issued())
        r.result += describe(is, now) + "\n";
      r.ok = true;
    } else if (method == "expire" && args.size() == 1) {
      r.ok = host.expire(args[0], "expired by an operator");
      r.result = r.ok ? "expired " + args[0] : "no keycard " + args[0];
    } else {
      r.result = "no method '" + m.method + "' with " + std::to_string(m.args.size()) +
                 " arguments; a bouncer has: keycards, expire ID";
    }
    send(message::pack(r, e.request_id));
  }

  Send send;
  Publish publish;
  bouncer::BouncerHost::Log log;
  bouncer::BouncerHost host;
  asio::steady_timer timer;
};

BouncerJob::BouncerJob(asio::io_context &io, const message::JobConfig &config,
                       std::filesystem::path module, Send send,
                       bouncer::BouncerHost::Log log, Publish publish)
    : impl_(std::make_unique<Impl>(io, config, std::move(module), std::move(send),
                                   std::move(log), std::move(publish))) {}

BouncerJob::~BouncerJob() { impl_->timer.cancel(); }

bool BouncerJob::on_frame(const message::Envelope &e) {
  const auto type = static_cast<message::Type>(e.type);
  if (type != message::Type::authenticate && type != message::Type::expire_keycard &&
      type != message::Type::invoke)
    return false;
  try {
    if (type == message::Type::authenticate)
      impl_->authenticate(e);
    else if (type == message::Type::expire_keycard)
      impl_->expire_keycard(e);
    else
      impl_->invoke(e);
  } catch (const message::DecodeError &error) {
    impl_->log(FLU_LOG_WARNING, std::string("dropped a malformed ") +
                                    message::type_name(e.type) + ": " + error.what());
  }
  return true;
}

bouncer::BouncerHost &BouncerJob::host() { return impl_->host; }

} // namespace flu::job
