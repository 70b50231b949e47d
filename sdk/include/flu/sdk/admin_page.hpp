// The C++ face of <flu/admin_page.h>: an admin page is one function that
// describes what flu-admin shows for a component.
//
//   #include <flu/sdk/admin_page.hpp>
//
//   void draw(flu::sdk::admin::Page &page) {
//     page.heading("Viewers");
//     page.sparkline("viewers", "viewers", "clients");
//     page.value("bitrate", page.ui("bitrate").value_or("-"), "bit/s");
//     page.key('+', "more bitrate", "set-bitrate", {"500000"});
//   }
//   FLU_ADMIN_PAGE(draw, "http-streamer")
//
// An exception out of draw() is caught here (none crosses the C ABI): the
// console shows its message and the generic page.
#pragma once

#include <flu/admin_page.h>

#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace flu::sdk::admin {

class Page {
public:
  Page(const flu_page_host *host, const flu_page_view *view, flu_page_canvas *canvas)
      : host_(host), view_(view), canvas_(canvas) {}

  std::string id() const { return text(host_->component_id(view_)); }
  std::string type() const { return text(host_->component_type(view_)); }
  std::string mood() const { return text(host_->mood(view_)); }
  std::optional<std::string> property(const std::string &name) const {
    return maybe(host_->property(view_, name.c_str()));
  }
  std::optional<std::string> ui(const std::string &key) const {
    return maybe(host_->ui(view_, key.c_str()));
  }
  // A UI-state entry or property read as a number (the first value).
  std::optional<double> number(const std::string &key) const { return parse(ui(key)); }
  std::optional<double> property_number(const std::string &name) const {
    return parse(property(name));
  }
  std::vector<std::string> ui_keys() const {
    std::vector<std::string> keys;
    for (size_t i = 0, n = host_->ui_count(view_); i < n; ++i)
      keys.push_back(text(host_->ui_key(view_, i)));
    return keys;
  }

  void heading(const std::string &text) { host_->heading(canvas_, text.c_str()); }
  void label(const std::string &text) { host_->label(canvas_, text.c_str()); }
  void value(const std::string &label, const std::string &value,
             const std::string &unit = "") {
    host_->value(canvas_, label.c_str(), value.c_str(), unit.c_str());
  }
  void gauge(const std::string &label, double value, double min, double max,
             const std::string &unit = "") {
    host_->gauge(canvas_, label.c_str(), value, min, max, unit.c_str());
  }
  void level_meter(const std::string &label, double peak_dbfs, double rms_dbfs) {
    host_->level_meter(canvas_, label.c_str(), peak_dbfs, rms_dbfs);
  }
  void sparkline(const std::string &label, const std::string &ui_key,
                 const std::string &unit = "", uint32_t seconds = 120) {
    host_->sparkline(canvas_, label.c_str(), ui_key.c_str(), unit.c_str(), seconds);
  }
  void key(char key, const std::string &label, const std::string &method,
           const std::vector<std::string> &args = {}, const std::string &prompt = "") {
    std::vector<const char *> argv;
    for (const auto &a : args)
      argv.push_back(a.c_str());
    host_->key(canvas_, key, label.c_str(), method.c_str(), argv.data(), argv.size(),
               prompt.empty() ? nullptr : prompt.c_str());
  }

  // A picture of boxes (ABI 1.1): box_map() then box() for each. A console
  // older than 1.1 cannot draw it: the page says so in a label instead.
  bool box_map(const std::string &label, double width, double height) {
    if (host_->abi_minor < 1) {
      this->label(label + ": this console cannot draw a box map (page ABI 1.1)");
      return false;
    }
    host_->box_map(canvas_, label.c_str(), width, height);
    return true;
  }
  void box(const std::string &label, double left, double top, double width, double height,
           int z_order = 0, double alpha = 1.0) {
    if (host_->abi_minor >= 1)
      host_->box(canvas_, label.c_str(), left, top, width, height, z_order, alpha);
  }

  // A meter per channel of every level the component publishes
  // (<flu/sdk/level_meter.hpp>: "level:NAME:peak" and "level:NAME:rms",
  // dBFS per channel, comma-separated). Returns how many it drew.
  int level_meters() {
    int drawn = 0;
    for (const auto &key : ui_keys()) {
      const std::string prefix = "level:", suffix = ":peak";
      if (key.rfind(prefix, 0) != 0 || key.size() <= prefix.size() + suffix.size() ||
          key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::string name =
          key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
      const auto peaks = channels(ui(key).value_or(""));
      const auto rms = channels(ui(prefix + name + ":rms").value_or(""));
      for (size_t c = 0; c < peaks.size(); ++c) {
        const std::string label =
            peaks.size() == 1 ? name : name + " " + channel_name(c, peaks.size());
        level_meter(label, peaks[c], c < rms.size() ? rms[c] : peaks[c]);
        ++drawn;
      }
    }
    return drawn;
  }

private:
  static std::string text(const char *s) { return s ? s : ""; }
  static std::optional<std::string> maybe(const char *s) {
    return s ? std::optional<std::string>(s) : std::nullopt;
  }
  static std::optional<double> parse(const std::optional<std::string> &s) {
    if (!s)
      return std::nullopt;
    double v = 0;
    const char *end = s->data() + s->size();
    const auto [p, ec] = std::from_chars(s->data(), end, v);
    if (ec != std::errc() || p == s->data())
      return std::nullopt;
    return v;
  }
  static std::vector<double> channels(const std::string &list) {
    std::vector<double> out;
    size_t start = 0;
    while (start <= list.size() && !list.empty()) {
      const size_t comma = std::min(list.find(',', start), list.size());
      if (auto v = parse(list.substr(start, comma - start)))
        out.push_back(*v);
      start = comma + 1;
    }
    return out;
  }
  static std::string channel_name(size_t c, size_t n) {
    if (n == 2)
      return c == 0 ? "L" : "R";
    return std::to_string(c + 1);
  }

  const flu_page_host *host_;
  const flu_page_view *view_;
  flu_page_canvas *canvas_;
};

namespace detail {
template <void (*Draw)(Page &)>
int draw(const flu_page_host *host, const flu_page_view *view, flu_page_canvas *canvas) {
  try {
    Page page(host, view, canvas);
    Draw(page);
    return 0;
  } catch (const std::exception &e) {
    host->error(canvas, e.what());
  } catch (...) {
    host->error(canvas, "the page failed with an unknown exception");
  }
  return 1;
}
} // namespace detail

} // namespace flu::sdk::admin

// flu_add_admin_page() names the page after its folder.
#ifndef FLU_ADMIN_PAGE_ID
#define FLU_ADMIN_PAGE_ID "admin-page"
#endif

// Exports the page: its draw function and the component types it serves.
#define FLU_ADMIN_PAGE(draw_function, ...)                                               \
  extern "C" __attribute__((visibility("default"))) const flu_admin_page *               \
  flu_admin_page_entry(void) {                                                           \
    static const char *const types[] = {__VA_ARGS__, nullptr};                           \
    static const flu_admin_page page = {                                                 \
        FLU_ADMIN_PAGE_ABI_MAJOR, FLU_ADMIN_PAGE_ABI_MINOR, FLU_ADMIN_PAGE_ID, types,    \
        &::flu::sdk::admin::detail::draw<draw_function>};                                \
    return &page;                                                                        \
  }
