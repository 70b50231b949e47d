// The manager's Prometheus metrics (--metrics-bind, docs/metrics.md): the
// replicated state admins see, plus the manager's own sessions and
// keycards, rendered on the manager's thread for each scrape; the endpoint
// itself is core/scrape.
#include "bouncer/bouncer_host.hpp"
#include "log/log.hpp"
#include "metrics/planet_metrics.hpp"
#include "runtime.hpp"
#include "scrape/scrape_server.hpp"

#include <map>

namespace flu::manager {

std::string Manager::metrics_text() const {
  metrics::Exposition out;
  metrics::add_planet(out, snapshot());
  std::map<std::string, int> sessions{{"worker", 0}, {"admin", 0}};
  for (const auto &[identity, s] : sessions_.all())
    if (s.role == message::PeerRole::worker || s.role == message::PeerRole::admin)
      ++sessions[std::string(message::to_string(s.role))];
  auto &peers = out.family("flu_manager_sessions", "Peers logged in to the manager.",
                           metrics::MetricType::gauge);
  for (const auto &[role, count] : sessions)
    peers.add({{"role", role}}, count);
  out.family("flu_manager_keycards",
             "Keycards the manager's bouncer holds (peers it let in).",
             metrics::MetricType::gauge)
      .add({}, bouncer_ ? static_cast<double>(bouncer_->issued().size()) : 0);
  out.family("flu_manager_state_deltas_total",
             "State deltas the manager has numbered for admins since it started.",
             metrics::MetricType::counter)
      .add({}, static_cast<double>(replication_.seq()));
  return out.text();
}

void Manager::start_metrics() {
  if (options_.metrics_bind.empty())
    return;
  scrape::ScrapeOptions scrape_options;
  scrape_options.bind = options_.metrics_bind;
  if (!options_.metrics_token_file.empty())
    scrape_options.token = scrape::read_token_file(options_.metrics_token_file);
  runtime_->metrics = std::make_unique<scrape::ScrapeServer>(
      runtime_->io, std::move(scrape_options), [this] { return metrics_text(); });
  log::info(who, "metrics at http://" + runtime_->metrics->address() + "/metrics" +
                     (options_.metrics_token_file.empty() ? "" : " (bearer token)"));
}

} // namespace flu::manager
