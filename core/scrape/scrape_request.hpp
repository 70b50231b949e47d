// What a scraper's request gets, decided apart from the socket so that a
// unit test and the fuzz target (tests/fuzz/scrape-request) can ask it.
// Only GET /metrics (any query) is served; with a token configured, only
// with `Authorization: Bearer TOKEN`, and without it every request is 401.
#pragma once

#include <string>
#include <string_view>

namespace flu::scrape {

enum class Answer {
  metrics,            // 200 with the exposition
  not_found,          // 404: another path
  method_not_allowed, // 405: not GET
  unauthorized,       // 401: token missing or wrong
};

Answer decide(std::string_view method, std::string_view target,
              std::string_view authorization, const std::string &token);

// Does `authorization` carry `Bearer TOKEN`? Compared in constant time
// (a hash of each), so a wrong guess says nothing of the right one.
bool bearer_matches(std::string_view authorization, const std::string &token);

} // namespace flu::scrape
