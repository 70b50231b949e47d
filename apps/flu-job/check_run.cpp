// flu-job --check; see check_run.hpp.
#include "check_run.hpp"

#include "message/codec.hpp"
#include "module/module_loader.hpp"

#include <glib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <sys/socket.h>

namespace flu::job {
namespace {

// What the rows may take of the one frame the answer is: a SOCK_SEQPACKET
// frame must fit the socket's send buffer whole, and an unprivileged
// worker cannot raise it past about 208 KB (net.core.wmem_max).
constexpr std::size_t max_row_bytes = 160 * 1024;

struct Rows {
  message::CheckResult *result;
  std::size_t bytes = 0;
  std::size_t dropped = 0;
};

void add_row(void *ctx, const char *const *cells, uint32_t n_cells) {
  auto &rows = *static_cast<Rows *>(ctx);
  std::size_t size = 16;
  std::vector<std::string> list;
  for (uint32_t i = 0; i < n_cells; ++i) {
    list.emplace_back(cells && cells[i] ? cells[i] : "");
    size += list.back().size() + 8;
  }
  if (list.empty() || rows.bytes + size > max_row_bytes) {
    rows.dropped += !list.empty();
    return;
  }
  rows.bytes += size;
  std::string key = std::move(list.front());
  list.erase(list.begin());
  rows.result->rows.push_back({std::move(key), std::move(list)});
}

std::string names_of(const flu_component_type &type) {
  std::string names;
  for (uint32_t i = 0; i < type.n_checks; ++i)
    names += std::string(names.empty() ? "" : ", ") + type.checks[i].name;
  return names.empty() ? "none" : names;
}

message::CheckResult failure(std::string text) {
  message::CheckResult r;
  r.text = std::move(text);
  return r;
}

void print(const message::CheckResult &r) {
  std::vector<std::size_t> width;
  for (const auto &c : r.columns)
    width.push_back(c.size() + 2);
  for (const auto &[key, cells] : r.rows) {
    if (!width.empty())
      width[0] = std::max(width[0], key.size() + 2);
    for (std::size_t i = 0; i < cells.size() && i + 1 < width.size(); ++i)
      width[i + 1] = std::max(width[i + 1], cells[i].size() + 2);
  }
  auto line = [&](const std::vector<std::string> &cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
      std::cout << std::left
                << std::setw(i + 1 < cells.size() ? static_cast<int>(width[i]) : 0)
                << cells[i];
    std::cout << "\n";
  };
  if (!r.text.empty())
    std::cout << r.text << "\n";
  if (!r.columns.empty())
    line(r.columns);
  for (const auto &[key, cells] : r.rows) {
    std::vector<std::string> all{key};
    all.insert(all.end(), cells.begin(), cells.end());
    line(all);
  }
}

} // namespace

message::CheckResult run_check(const CheckOptions &o) {
  std::shared_ptr<module::LoadedModule> loaded;
  try {
    loaded = module::load_module(o.module);
  } catch (const std::exception &e) {
    return failure(e.what());
  }
  const flu_component_type *type = loaded->find_type(o.type);
  if (!type)
    return failure("module " + std::string(loaded->info().id) + " has no type " + o.type);
  const flu_check_spec *spec = nullptr;
  for (uint32_t i = 0; i < type->n_checks; ++i)
    if (o.check == type->checks[i].name)
      spec = &type->checks[i];
  if (!spec)
    return failure("type " + o.type + " has no check '" + o.check +
                   "' (its checks: " + names_of(*type) + ")");

  message::CheckResult result;
  for (uint32_t i = 0; i < spec->n_columns; ++i)
    result.columns.emplace_back(spec->columns[i]);
  std::vector<const char *> args;
  for (const auto &a : o.args)
    args.push_back(a.c_str());
  Rows rows{&result};
  char *summary = nullptr, *error = nullptr;
  const int code = spec->run(args.data(), static_cast<uint32_t>(args.size()), add_row,
                             &rows, &summary, &error);
  result.ok = code == 0;
  if (result.ok) {
    result.text = summary ? summary : "";
    if (rows.dropped)
      result.text += (result.text.empty() ? "" : "; ") + std::string("only the first ") +
                     std::to_string(result.rows.size()) + " rows of " +
                     std::to_string(result.rows.size() + rows.dropped) + " fit";
  } else {
    result.rows.clear();
    result.text =
        error && *error ? error : "check " + o.check + " failed and said nothing";
  }
  g_free(summary);
  g_free(error);
  return result;
}

int check_main(const CheckOptions &o) {
  const message::CheckResult result = run_check(o);
  if (o.result_fd < 0) {
    if (result.ok)
      print(result);
    else
      std::cerr << "flu-job: check " << o.check << ": " << result.text << "\n";
    return result.ok ? 0 : 1;
  }
  const std::string frame = message::pack(result);
  if (::send(o.result_fd, frame.data(), frame.size(), MSG_NOSIGNAL) < 0) {
    std::cerr << "flu-job: cannot send the check's answer (" << frame.size()
              << " bytes): " << std::strerror(errno) << "\n";
    return 1;
  }
  return result.ok ? 0 : 1;
}

} // namespace flu::job
