// Flumotion's <virtual-feed>, <source> and <plugs>; see flumotion_constructs.hpp.
#include "planet/flumotion_constructs.hpp"
#include "planet/quote.hpp"

#include "planet/planet_parser.hpp"
#include "registry/component_type.hpp"
#include "xml/xml_file.hpp"

namespace flu::planet::flumotion {
namespace {

[[noreturn]] void fail(const xml::XmlFile &file, int line, const std::string &message) {
  throw PlanetError(file.name(), line, message);
}

void note(const xml::XmlFile &file, int line, const std::string &text,
          std::vector<std::string> &notes) {
  notes.push_back(file.name() + ":" + std::to_string(line) + ": " + text);
}

} // namespace

VirtualFeed read_virtual_feed(const xml::XmlFile &file, const pugi::xml_node &node,
                              const Component &component,
                              const registry::ComponentType &type,
                              const std::vector<VirtualFeed> &offered) {
  const std::string who = "component " + in_quotes(component.name);
  const int line = file.line_of(node);
  if (auto attribute = xml::unknown_attribute(node, {"name", "real"}))
    fail(file, line,
         "unknown attribute " + in_quotes(attribute.name()) + " on <virtual-feed>");
  if (node.first_child())
    fail(file, line, who + ": <virtual-feed> holds nothing");
  const std::string text = node.attribute("name").value();
  VirtualFeed virtual_feed;
  virtual_feed.provider = component.name;
  virtual_feed.real = node.attribute("real").value();
  virtual_feed.name.line = line;
  if (text.empty() || virtual_feed.real.empty())
    fail(file, line, who + ": <virtual-feed> needs a 'name' and a 'real' feeder");
  const auto colon = text.find(':');
  virtual_feed.name.component = text.substr(0, colon);
  virtual_feed.name.feeder =
      colon == std::string::npos ? "default" : text.substr(colon + 1);
  if (virtual_feed.name.component.empty() || virtual_feed.name.feeder.empty() ||
      text.find('/') != std::string::npos ||
      virtual_feed.name.feeder.find(':') != std::string::npos)
    fail(file, line,
         who + ": virtual feed " + in_quotes(text) +
             " is not COMPONENT or COMPONENT:FEEDER");
  if (!type.feeder(virtual_feed.real))
    fail(file, line,
         who + ": virtual feed " + in_quotes(text) + " names feeder " +
             in_quotes(virtual_feed.real) + ", which type " + in_quotes(type.name) +
             " does not have");
  for (const auto &other : offered)
    if (other.provider == component.name &&
        other.name.component == virtual_feed.name.component &&
        other.name.feeder == virtual_feed.name.feeder)
      fail(file, line,
           who + ": virtual feed " + in_quotes(text) + " given twice (first at line " +
               std::to_string(other.name.line) + ")");
  return virtual_feed;
}

void resolve_virtual_feeds(const xml::XmlFile &file, Flow &flow,
                           const std::vector<VirtualFeed> &offered,
                           std::vector<std::string> &notes) {
  for (const auto &virtual_feed : offered)
    for (const auto &component : flow.components)
      if (component.name == virtual_feed.name.component)
        fail(file, virtual_feed.name.line,
             "virtual feed " +
                 in_quotes(virtual_feed.name.component + ":" + virtual_feed.name.feeder) +
                 " has the name of component " + in_quotes(component.name) + " (line " +
                 std::to_string(component.line) + ")");
  for (const auto &virtual_feed : offered) {
    std::size_t providers = 0;
    for (const auto &other : offered)
      providers += other.name.component == virtual_feed.name.component &&
                   other.name.feeder == virtual_feed.name.feeder;
    if (providers > 1) {
      // Feed failover: the eaters keep the virtual name, the providers
      // their offers; the manager picks one provider at a time.
      for (auto &component : flow.components)
        if (component.name == virtual_feed.provider)
          component.virtual_feeds.push_back({virtual_feed.name, virtual_feed.real});
      continue;
    }
    for (auto &component : flow.components)
      for (auto &eater : component.eaters)
        for (auto &feed : eater.feeds)
          if (feed.component == virtual_feed.name.component &&
              feed.feeder == virtual_feed.name.feeder) {
            note(file, feed.line,
                 "virtual feed '" + feed.component + ":" + feed.feeder + "' is '" +
                     virtual_feed.provider + ":" + virtual_feed.real + "'",
                 notes);
            feed.component = virtual_feed.provider;
            feed.feeder = virtual_feed.real;
          }
  }
}

void add_source(const xml::XmlFile &file, const pugi::xml_node &node,
                Component &component, const registry::ComponentType &type, Feed feed,
                std::vector<std::string> &notes) {
  const std::string who = "component " + in_quotes(component.name);
  if (type.eaters.empty())
    fail(file, file.line_of(node),
         who + ": <source> but type " + in_quotes(type.name) + " has no eaters");
  const auto &spec = type.eaters.front();
  note(file, feed.line, "<source> is a <feed> of eater '" + spec.name + "'", notes);
  Eater *eater = nullptr;
  for (auto &candidate : component.eaters)
    if (candidate.name == spec.name)
      eater = &candidate;
  if (!eater)
    eater = &component.eaters.emplace_back(Eater{spec.name, {}});
  for (const auto &other : eater->feeds)
    if (other.component == feed.component && other.feeder == feed.feeder)
      fail(file, feed.line,
           who + " <source>: feed " + in_quotes(feed.component + ":" + feed.feeder) +
               " given twice");
  if (!eater->feeds.empty() && !spec.multiple)
    fail(file, feed.line,
         who + " <source>: eater " + in_quotes(spec.name) + " takes one feed");
  eater->feeds.push_back(std::move(feed));
}

namespace {

// A plug's property and the component's property it becomes.
struct PlugProperty {
  const char *plug, *property, *flu;
};
constexpr PlugProperty plug_properties[] = {
    {"requestlogger-file", "logfile", "access-log"},
    {"ratecontroller-fixed", "rate", "rate"},
    {"ratecontroller-fixed", "max-level", "max-level"},
    {"fileprovider-local", "path", "path"},
    {"fileprovider-localcached", "path", "path"},
    {"fileprovider-localcached", "cache-dir", "cache-dir"},
    {"fileprovider-localcached", "cache-size", "cache-size"},
    {"fileprovider-localcached", "cleanup-enabled", "cleanup-enabled"},
    {"fileprovider-localcached", "cleanup-high-watermark", "cleanup-high-watermark"},
    {"fileprovider-localcached", "cleanup-low-watermark", "cleanup-low-watermark"},
    {"fileprovider-httpcached", "cache-dir", "cache-dir"},
    {"fileprovider-httpcached", "cache-size", "cache-size"},
    {"fileprovider-httpcached", "cleanup-enabled", "cleanup-enabled"},
    {"fileprovider-httpcached", "cleanup-high-watermark", "cleanup-high-watermark"},
    {"fileprovider-httpcached", "cleanup-low-watermark", "cleanup-low-watermark"},
    {"fileprovider-httpcached", "cache-ttl", "cache-ttl"},
    {"fileprovider-httpcached", "virtual-hostname", "virtual-hostname"},
    {"fileprovider-httpcached", "virtual-port", "virtual-port"},
    {"fileprovider-httpcached", "virtual-path", "virtual-path"},
    {"fileprovider-httpcached", "connection-timeout", "connection-timeout"},
    {"fileprovider-httpcached", "idle-timeout", "idle-timeout"},
};

} // namespace

bool is_known_plug(const std::string &plug_type) {
  if (plug_switch(plug_type))
    return true;
  for (const auto &p : plug_properties)
    if (plug_type == p.plug)
      return true;
  return false;
}

const char *plug_property(const std::string &plug_type, const std::string &property) {
  for (const auto &p : plug_properties)
    if (plug_type == p.plug && property == p.property)
      return p.flu;
  return nullptr;
}

const char *plug_switch(const std::string &plug_type) {
  return plug_type == "component-html5" ? "html5-page" : nullptr;
}

} // namespace flu::planet::flumotion
