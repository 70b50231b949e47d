// Runtime checks (ABI 1.4) in C++: a check is a plain function
//
//   void files(const std::vector<std::string> &args, flu::sdk::CheckResult &result);
//
// that adds rows (one cell per column) and may set a summary; it throws to
// say it could not answer. An answer that is "no" is a row, not an
// exception. The table of a type's checks:
//
//   constexpr const char *file_columns[] = {"file", "media-type"};
//   const flu_check_spec checks[] = {
//       flu::sdk::check<files>("files", "the files of a directory", "DIRECTORY",
//                              file_columns)};
//   const flu_component_type types[] = {
//       flu::sdk::with_checks(producer_type<...>(...), checks)};
//
// A check runs in a process of its own on the worker (flu-job --check),
// with GStreamer initialised and no component: it gets no Host.
#pragma once

#include <flu/module.h>
#include <flu/sdk/boundary.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

class CheckResult {
public:
  CheckResult(flu_check_row_fn row, void *ctx, uint32_t n_columns)
      : row_(row), ctx_(ctx), n_columns_(n_columns) {}

  // One row, a cell per column of the check, in order.
  void row(const std::vector<std::string> &cells) {
    if (cells.size() != n_columns_)
      throw std::logic_error("a row of " + std::to_string(cells.size()) +
                             " cells for a check of " + std::to_string(n_columns_) +
                             " columns");
    std::vector<const char *> raw;
    raw.reserve(cells.size());
    for (const auto &cell : cells)
      raw.push_back(cell.c_str());
    row_(ctx_, raw.data(), static_cast<uint32_t>(raw.size()));
  }
  // One line a person reads: "3 files", "x264enc is not present".
  void summary(std::string text) { summary_ = std::move(text); }
  const std::string &summary() const { return summary_; }

private:
  flu_check_row_fn row_;
  void *ctx_;
  uint32_t n_columns_;
  std::string summary_;
};

using CheckFunction = void (*)(const std::vector<std::string> &args, CheckResult &result);

namespace detail {

template <CheckFunction F, uint32_t NC>
int run_check(const char *const *args, uint32_t n_args, flu_check_row_fn row, void *ctx,
              char **summary, char **error) {
  CheckResult result(row, ctx, NC);
  const bool ok = guarded(nullptr, "check", error, [&] {
    std::vector<std::string> list;
    for (uint32_t i = 0; i < n_args; ++i)
      list.emplace_back(args[i] ? args[i] : "");
    F(list, result);
  });
  if (ok && summary && !result.summary().empty())
    *summary = dup(result.summary());
  return ok ? 0 : 1;
}

} // namespace detail

template <CheckFunction F, std::size_t NC>
constexpr flu_check_spec check(const char *name, const char *description,
                               const char *usage, const char *const (&columns)[NC]) {
  return {.struct_size = sizeof(flu_check_spec),
          .name = name,
          .description = description,
          .usage = usage,
          .columns = columns,
          .n_columns = static_cast<uint32_t>(NC),
          .run = &detail::run_check<F, static_cast<uint32_t>(NC)>};
}

// A component type with these checks.
template <std::size_t N>
constexpr flu_component_type with_checks(flu_component_type type,
                                         const flu_check_spec (&checks)[N]) {
  type.checks = checks;
  type.n_checks = static_cast<uint32_t>(N);
  return type;
}

} // namespace flu::sdk
