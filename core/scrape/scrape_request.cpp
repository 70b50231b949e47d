// What a scraper's request gets: see scrape_request.hpp.
#include "scrape/scrape_request.hpp"

#include <sodium.h>

#include <array>
#include <cctype>

namespace flu::scrape {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::array<unsigned char, crypto_generichash_BYTES> digest(std::string_view text) {
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  crypto_generichash(out.data(), out.size(),
                     reinterpret_cast<const unsigned char *>(text.data()), text.size(),
                     nullptr, 0);
  return out;
}

} // namespace

bool bearer_matches(std::string_view authorization, const std::string &token) {
  constexpr std::string_view scheme = "Bearer";
  if (token.empty() || authorization.size() <= scheme.size() ||
      !iequals(authorization.substr(0, scheme.size()), scheme) ||
      authorization[scheme.size()] != ' ')
    return false;
  std::string_view given = authorization.substr(scheme.size());
  while (!given.empty() && given.front() == ' ')
    given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ')
    given.remove_suffix(1);
  const auto a = digest(given), b = digest(token);
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Answer decide(std::string_view method, std::string_view target,
              std::string_view authorization, const std::string &token) {
  // A stranger learns nothing, not even which paths exist.
  if (!token.empty() && !bearer_matches(authorization, token))
    return Answer::unauthorized;
  if (method != "GET")
    return Answer::method_not_allowed;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path != "/metrics")
    return Answer::not_found;
  return Answer::metrics;
}

} // namespace flu::scrape
