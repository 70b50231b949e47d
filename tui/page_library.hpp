// An admin page loaded from its shared object (<flu/admin_page.h>), and the
// host side of the page ABI: the page reads one component's state through
// the host's functions and describes itself into a Panel, within the
// Panel's bounds. Whatever the page does wrong short of crashing (an
// exception, an error, a bad return, too much) ends as a message.
#pragma once

#include "panel.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

struct flu_admin_page;

namespace flu::admin {

class PageLibrary {
public:
  // Loads `file` and checks it serves `component_type` with a page ABI this
  // console knows. Throws std::runtime_error saying why not.
  PageLibrary(const std::filesystem::path &file, const std::string &component_type);
  ~PageLibrary();
  PageLibrary(const PageLibrary &) = delete;
  PageLibrary &operator=(const PageLibrary &) = delete;

  std::string id() const;
  std::vector<std::string> component_types() const;

  // Describes the page for `c` into `out`; false with `error` set when the
  // page failed (then `out` is to be ignored).
  bool draw(const message::ComponentStatus &c, const message::Values &properties,
            Panel &out, std::string &error) const;

private:
  void *handle_ = nullptr;
  const flu_admin_page *page_ = nullptr;
};

} // namespace flu::admin
