#include "page_library.hpp"

#include <flu/admin_page.h>

#include <dlfcn.h>

#include "mood/mood.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <stdexcept>

// The host's side of the ABI: the opaque structs the page's calls carry.
struct flu_page_view {
  const flu::message::ComponentStatus *component;
  const flu::message::Values *properties;
  std::string mood;
  std::deque<std::string> texts; // what the page was given, alive until draw returns
};

struct flu_page_canvas {
  flu::admin::Panel *panel;
  std::string error;
  bool overflowed = false;
};

namespace flu::admin {

namespace {

std::string text(const char *s) {
  if (!s)
    return "";
  std::string out(s, strnlen(s, Panel::max_text));
  return out;
}

double finite(double v) { return std::isfinite(v) ? v : 0.0; }

const char *joined(flu_page_view *view, const message::Values &values, const char *name) {
  if (!name)
    return nullptr;
  for (const auto &[key, list] : values)
    if (key == name) {
      std::string all;
      for (const auto &v : list)
        all += (all.empty() ? "" : "\n") + v;
      return view->texts.emplace_back(std::move(all)).c_str();
    }
  return nullptr;
}

void add(flu_page_canvas *canvas, PanelItem item) {
  if (canvas->panel->items.size() >= Panel::max_items) {
    canvas->overflowed = true;
    return;
  }
  canvas->panel->items.push_back(std::move(item));
}

PanelItem item(PanelItem::Kind kind, const char *label) {
  PanelItem i;
  i.kind = kind;
  i.label = text(label);
  return i;
}

const flu_page_host host_functions = {
    FLU_ADMIN_PAGE_ABI_MAJOR,
    FLU_ADMIN_PAGE_ABI_MINOR,
    [](const flu_page_view *v) { return v->component->component_id.c_str(); },
    [](const flu_page_view *v) { return v->component->type.c_str(); },
    [](const flu_page_view *v) { return v->mood.c_str(); },
    [](const flu_page_view *v, const char *name) {
      auto *view = const_cast<flu_page_view *>(v);
      return joined(view, *v->properties, name);
    },
    [](const flu_page_view *v, const char *key) {
      auto *view = const_cast<flu_page_view *>(v);
      return joined(view, v->component->ui, key);
    },
    [](const flu_page_view *v) { return v->component->ui.size(); },
    [](const flu_page_view *v, size_t i) -> const char * {
      return i < v->component->ui.size() ? v->component->ui[i].first.c_str() : nullptr;
    },
    [](flu_page_canvas *c, const char *t) { add(c, item(PanelItem::Kind::heading, t)); },
    [](flu_page_canvas *c, const char *t) { add(c, item(PanelItem::Kind::label, t)); },
    [](flu_page_canvas *c, const char *label, const char *value, const char *unit) {
      auto i = item(PanelItem::Kind::value, label);
      i.text = text(value);
      i.unit = text(unit);
      add(c, std::move(i));
    },
    [](flu_page_canvas *c, const char *label, double value, double min, double max,
       const char *unit) {
      auto i = item(PanelItem::Kind::gauge, label);
      i.value = finite(value);
      i.min = finite(min);
      i.max = finite(max);
      i.unit = text(unit);
      add(c, std::move(i));
    },
    [](flu_page_canvas *c, const char *label, double peak, double rms) {
      auto i = item(PanelItem::Kind::meter, label);
      i.peak = std::isnan(peak) ? -200 : peak;
      i.rms = std::isnan(rms) ? -200 : rms;
      add(c, std::move(i));
    },
    [](flu_page_canvas *c, const char *label, const char *key, const char *unit,
       uint32_t seconds) {
      auto i = item(PanelItem::Kind::sparkline, label);
      i.text = text(key);
      i.unit = text(unit);
      i.seconds = std::clamp<uint32_t>(seconds, 10, 600);
      add(c, std::move(i));
    },
    [](flu_page_canvas *c, int key, const char *label, const char *method,
       const char *const *args, size_t n_args, const char *prompt) {
      auto &keys = c->panel->keys;
      if (reserved_key(key) || c->panel->binding(key) || keys.size() >= Panel::max_keys ||
          !method || !*method || n_args > Panel::max_args || (n_args && !args)) {
        c->error = "the page asked for key " + std::to_string(key) + " (" + text(label) +
                   "), which it cannot have";
        return;
      }
      KeyBinding k{static_cast<char>(key), text(label), text(method), {}, text(prompt)};
      for (size_t a = 0; a < n_args; ++a)
        k.args.push_back(text(args[a]));
      keys.push_back(std::move(k));
    },
    [](flu_page_canvas *c, const char *what) {
      c->error = what && *what ? text(what) : "the page failed";
    },
    [](flu_page_canvas *c, const char *label, double width, double height) {
      auto i = item(PanelItem::Kind::box_map, label);
      i.area_width = std::max(0.0, finite(width));
      i.area_height = std::max(0.0, finite(height));
      add(c, std::move(i));
    },
    [](flu_page_canvas *c, const char *label, double left, double top, double width,
       double height, int32_t z_order, double alpha) {
      auto &items = c->panel->items;
      if (items.empty() || items.back().kind != PanelItem::Kind::box_map) {
        c->error = "the page added box " + text(label) + " with no box map before it";
        return;
      }
      auto &boxes = items.back().boxes;
      if (boxes.size() >= Panel::max_boxes) {
        c->overflowed = true;
        return;
      }
      boxes.push_back({text(label), finite(left), finite(top),
                       std::max(0.0, finite(width)), std::max(0.0, finite(height)),
                       z_order, std::clamp(finite(alpha), 0.0, 1.0)});
    },
};

} // namespace

PageLibrary::PageLibrary(const std::filesystem::path &file, const std::string &type) {
  handle_ = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char *why = ::dlerror();
    throw std::runtime_error(why ? why : "cannot load " + file.string());
  }
  auto entry = reinterpret_cast<flu_admin_page_entry_fn>(
      ::dlsym(handle_, FLU_ADMIN_PAGE_ENTRY_SYMBOL));
  const flu_admin_page *page = entry ? entry() : nullptr;
  std::string why;
  if (!entry)
    why = "it exports no " FLU_ADMIN_PAGE_ENTRY_SYMBOL;
  else if (!page || !page->draw || !page->component_types)
    why = "its entry gave no page";
  else if (page->abi_major != FLU_ADMIN_PAGE_ABI_MAJOR ||
           page->abi_minor > FLU_ADMIN_PAGE_ABI_MINOR)
    why = "it is built for page ABI " + std::to_string(page->abi_major) + "." +
          std::to_string(page->abi_minor) + ", this console knows " +
          std::to_string(FLU_ADMIN_PAGE_ABI_MAJOR) + "." +
          std::to_string(FLU_ADMIN_PAGE_ABI_MINOR);
  if (why.empty()) {
    page_ = page;
    const auto types = component_types();
    if (std::find(types.begin(), types.end(), type) == types.end())
      why = "it is not a page for " + type;
  }
  if (!why.empty()) {
    ::dlclose(handle_);
    throw std::runtime_error(why);
  }
}

PageLibrary::~PageLibrary() { ::dlclose(handle_); }

std::string PageLibrary::id() const { return text(page_->id); }

std::vector<std::string> PageLibrary::component_types() const {
  std::vector<std::string> types;
  for (auto t = page_->component_types; *t && types.size() < 64; ++t)
    types.push_back(text(*t));
  return types;
}

bool PageLibrary::draw(const message::ComponentStatus &c,
                       const message::Values &properties, Panel &out,
                       std::string &error) const {
  error.clear();
  flu_page_view view{&c, &properties, std::string(to_string(c.mood)), {}};
  flu_page_canvas canvas{&out, {}, false};
  int code = 0;
  try {
    code = page_->draw(&host_functions, &view, &canvas);
  } catch (const std::exception &e) { // a C page built to throw anyway
    error = std::string("the page threw: ") + e.what();
    return false;
  } catch (...) {
    error = "the page threw";
    return false;
  }
  if (!canvas.error.empty())
    error = canvas.error;
  else if (code != 0)
    error = "the page's draw returned " + std::to_string(code);
  else if (canvas.overflowed)
    error = "the page described more than " + std::to_string(Panel::max_items) +
            " items or " + std::to_string(Panel::max_boxes) + " boxes in a map";
  return error.empty();
}

} // namespace flu::admin
