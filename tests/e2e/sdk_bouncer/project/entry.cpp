// list-bouncer: users as "NAME:SALT:HASHED" lines in `data` or `filename`,
// checked with the SDK's password rounds (scheme saltsha256). A non-media
// module: it must build with no GStreamer header in reach.
#if __has_include(<gst/gst.h>)
#error "GStreamer's headers are on the include path of a module that is not media"
#endif

#include <flu/sdk/password_bouncer.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace {

class ListBouncer {
public:
  explicit ListBouncer(const flu::sdk::Host &host) {
    flu::sdk::load_credentials(host, seen_, [&] {
      for (const auto &line : flu::sdk::credential_lines(host)) {
        const auto first = line.text.find(':');
        const auto second = line.text.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos)
          throw std::runtime_error(line.where + ": not NAME:SALT:HASHED");
        users_[line.text.substr(0, first)] = {
            line.text.substr(first + 1, second - first - 1),
            line.text.substr(second + 1)};
      }
      return users_.size();
    });
  }

  flu_keycard_state authenticate(const flu::sdk::Keycard &keycard,
                                 flu::sdk::Reply &reply) {
    return flu::sdk::password_rounds(
        keycard, reply, "saltsha256",
        [&](const std::string &user) -> std::optional<flu::sdk::StoredPassword> {
          const auto it = users_.find(user);
          if (it == users_.end())
            return std::nullopt;
          return it->second;
        },
        [](const std::string &) { return std::string("0000"); });
  }

private:
  std::filesystem::file_time_type seen_;
  std::map<std::string, flu::sdk::StoredPassword> users_;
};

using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("filename", FLU_PROPERTY_STRING, "A file of NAME:SALT:HASHED lines"),
    property("data", FLU_PROPERTY_STRING, "NAME:SALT:HASHED lines", nullptr,
             FLU_PROPERTY_MULTIPLE),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {
    bouncer_type<ListBouncer>("list-bouncer", "Users from a list.", properties)};

} // namespace

FLU_MODULE(types)
