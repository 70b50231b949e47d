// The flows' network clocks (docs/clock.md). A flow with a <clock-master>
// component: that component's job publishes its clock and says on which
// UDP port in its UI state ("clock-master-port"); the manager adds the
// address its worker is reached at ("clock-master-address"), so admins see
// both in the replicated state, and tells every other job of the flow
// where to follow it (FlowClock). Each job hears of its flow clock before
// its configuration, so that it knows whether to wait for the master.
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

namespace flu::manager {
namespace {

const std::string port_key = "clock-master-port";
const std::string address_key = "clock-master-address";

const std::vector<std::string> *ui_value(const ComponentState &c,
                                         const std::string &key) {
  for (const auto &[k, values] : c.ui)
    if (k == key && !values.empty())
      return &values;
  return nullptr;
}

bool running(Mood mood) {
  return mood != Mood::sleeping && mood != Mood::sad && mood != Mood::lost;
}

} // namespace

ComponentState *Manager::clock_master_of(const std::string &flow) {
  if (flow == "atmosphere")
    return nullptr;
  for (auto &[id, c] : components_)
    if (c.config->flow == flow && c.config->clock_master)
      return &c;
  return nullptr;
}

// What a job of the flow should hear now: the master's address, or none.
std::optional<message::FlowClock> Manager::flow_clock_for(const ComponentState &c) {
  ComponentState *master = clock_master_of(c.config->flow);
  if (!master)
    return std::nullopt;
  message::FlowClock m;
  m.component_id = c.config->component_id();
  if (master == &c) {
    m.master = true;
    m.port = flow_clock_port_[c.config->flow];
    return m;
  }
  const auto *address = ui_value(*master, address_key);
  const auto *port = ui_value(*master, port_key);
  if (address && port && running(master->mood)) {
    m.host = address->front();
    m.port = static_cast<uint16_t>(std::stoul(port->front()));
  }
  return m;
}

void Manager::send_flow_clock(const ComponentState &c, const WorkerState &worker) {
  if (const auto m = flow_clock_for(c))
    send(worker.identity, message::pack(*m));
}

// Every running job of the flow but the master hears where its clock is.
void Manager::tell_flow_clock(const std::string &flow) {
  for (auto &[id, c] : components_) {
    if (c.config->flow != flow || c.config->clock_master || !running(c.mood))
      continue;
    if (WorkerState *w = worker_of(c); w && w->connected)
      send_flow_clock(c, *w);
  }
}

void Manager::flow_clock_ui(ComponentState &c) {
  if (!c.config->clock_master)
    return;
  const auto *port = ui_value(c, port_key);
  if (!port || ui_value(c, address_key))
    return;
  WorkerState *w = worker_of(c);
  if (!w)
    return;
  uint16_t number = 0;
  try {
    const unsigned long n = std::stoul(port->front());
    if (n == 0 || n > 65535)
      throw std::out_of_range("port");
    number = static_cast<uint16_t>(n);
  } catch (const std::exception &) {
    log::warning(who, c.config->component_id() + ": bad clock-master-port '" +
                          port->front() + "'");
    return;
  }
  flow_clock_port_[c.config->flow] = number;
  flow_clock_published_.insert(c.config->flow);
  c.ui.emplace_back(address_key, std::vector<std::string>{w->host});
  changed(c.config->component_id());
  log::info(who, c.config->component_id() + " publishes the clock of flow " +
                     c.config->flow + " on " + w->host + ":" + port->front());
  tell_flow_clock(c.config->flow);
}

// The master stopped, died or went with its worker: its address is no
// longer one, and the flow's jobs hear so.
void Manager::flow_clock_mood(ComponentState &c) {
  if (!c.config->clock_master || running(c.mood) ||
      !flow_clock_published_.erase(c.config->flow))
    return;
  std::erase_if(
      c.ui, [](const auto &e) { return e.first == port_key || e.first == address_key; });
  changed(c.config->component_id());
  log::info(who, c.config->component_id() + " no longer publishes the clock of flow " +
                     c.config->flow);
  tell_flow_clock(c.config->flow);
}

} // namespace flu::manager
