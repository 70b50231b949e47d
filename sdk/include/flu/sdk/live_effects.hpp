// Effects an operator adjusts while the stream runs: named knobs on
// properties of GStreamer elements in the pipeline (videobalance's
// brightness, volume's volume and mute...). For each knob NAME:
//   invoke "set-NAME VALUE"  sets it (a number, or true/false for a switch)
//                            and returns the value the element took
//   invoke "NAME"            returns it
//   UI state "NAME"          shows it, from the start and after each change
// Values are checked against the property's own range; one out of it is
// refused naming the range. The element must take the change in PLAYING
// (videobalance, volume, audioamplify do).
//
//   struct Converter {
//     Converter(const flu::sdk::Host &host, GstElement *pipeline)
//         : effects_(host, pipeline, {{"brightness", "flu-balance", "brightness"},
//                                     {"volume", "flu-volume", "volume"}}) {}
//     std::string invoke(const std::string &m, const std::vector<std::string> &a) {
//       return effects_.invoke(m, a);
//     }
//     flu::sdk::LiveEffects effects_;
//   };
//
// A component with other methods asks handles(method) first. Calls come on
// the job's main thread; GObject property access is thread-safe, so the
// streaming thread sees the new value at its next buffer.
#pragma once

#include <flu/sdk.hpp>
#include <gst/gst.h>

#include <charconv>
#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

class LiveEffects {
public:
  struct Knob {
    const char *name;     // what the operator says: "brightness"
    const char *element;  // the element's name in the pipeline
    const char *property; // its property: "brightness"
  };

  LiveEffects(const Host &host, GstElement *pipeline, std::initializer_list<Knob> knobs)
      : host_(host) {
    for (const Knob &knob : knobs) {
      GstElement *element = gst_bin_get_by_name(GST_BIN(pipeline), knob.element);
      if (!element) {
        release();
        throw std::runtime_error(std::string("the pipeline has no element named ") +
                                 knob.element + " for " + knob.name);
      }
      GParamSpec *spec =
          g_object_class_find_property(G_OBJECT_GET_CLASS(element), knob.property);
      if (!spec ||
          !(spec->value_type == G_TYPE_DOUBLE || spec->value_type == G_TYPE_BOOLEAN ||
            spec->value_type == G_TYPE_FLOAT)) {
        gst_object_unref(element);
        release();
        throw std::runtime_error(std::string(knob.element) + " has no number or switch " +
                                 "property " + knob.property);
      }
      knobs_.push_back({knob.name, knob.property, element, spec});
    }
    for (const Entry &entry : knobs_)
      publish(entry);
  }
  ~LiveEffects() { release(); }
  LiveEffects(const LiveEffects &) = delete;
  LiveEffects &operator=(const LiveEffects &) = delete;

  bool handles(const std::string &method) const {
    for (const Entry &entry : knobs_)
      if (method == entry.name || method == "set-" + entry.name)
        return true;
    return false;
  }

  // The knob's value as text: "0.25", "true".
  std::string get(const std::string &name) const { return text(find(name)); }

  // Sets a knob from text; returns the value the element took.
  std::string set(const std::string &name, const std::string &value) {
    const Entry &entry = find(name);
    if (entry.spec->value_type == G_TYPE_BOOLEAN) {
      bool on = false;
      if (value == "true" || value == "yes" || value == "1" || value == "on")
        on = true;
      else if (!(value == "false" || value == "no" || value == "0" || value == "off"))
        throw std::runtime_error("set-" + entry.name + " wants true or false, got '" +
                                 value + "'");
      g_object_set(entry.element, entry.property.c_str(), on, nullptr);
    } else {
      double number = 0;
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size() ||
          !std::isfinite(number))
        throw std::runtime_error("set-" + entry.name + " wants a number, got '" + value +
                                 "'");
      double min = 0, max = 0;
      if (entry.spec->value_type == G_TYPE_DOUBLE) {
        min = G_PARAM_SPEC_DOUBLE(entry.spec)->minimum;
        max = G_PARAM_SPEC_DOUBLE(entry.spec)->maximum;
      } else {
        min = G_PARAM_SPEC_FLOAT(entry.spec)->minimum;
        max = G_PARAM_SPEC_FLOAT(entry.spec)->maximum;
      }
      if (number < min || number > max)
        throw std::runtime_error(entry.name + " must be between " + decimal(min) +
                                 " and " + decimal(max) + ", got " + value);
      if (entry.spec->value_type == G_TYPE_DOUBLE)
        g_object_set(entry.element, entry.property.c_str(), number, nullptr);
      else
        g_object_set(entry.element, entry.property.c_str(), static_cast<float>(number),
                     nullptr);
    }
    publish(entry);
    const std::string now = text(entry);
    host_.log(FLU_LOG_INFO, entry.name + " set to " + now);
    return now;
  }

  // "set-NAME VALUE" and "NAME"; anything else is refused listing the knobs.
  std::string invoke(const std::string &method, const std::vector<std::string> &args) {
    for (const Entry &entry : knobs_) {
      if (method == entry.name && args.empty())
        return get(entry.name);
      if (method == "set-" + entry.name && args.size() == 1)
        return set(entry.name, args[0]);
    }
    std::string list;
    for (const Entry &entry : knobs_)
      list +=
          (list.empty() ? "" : ", ") + ("set-" + entry.name) + " VALUE, " + entry.name;
    throw std::runtime_error("no method '" + method + "' with " +
                             std::to_string(args.size()) +
                             " arguments; there are: " + list);
  }

  // Locale-independent, shortest round-trip text of a number. Elements
  // that keep a double property in a float (volume) read back 0.1 as
  // 0.10000000149011612; a value a float holds exactly is written as one.
  static std::string decimal(double value) {
    char buffer[64];
    const auto narrow = static_cast<float>(value);
    const auto end = static_cast<double>(narrow) == value
                         ? std::to_chars(buffer, buffer + sizeof buffer, narrow).ptr
                         : std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
  }

private:
  struct Entry {
    std::string name;
    std::string property;
    GstElement *element; // owned
    GParamSpec *spec;
  };

  const Entry &find(const std::string &name) const {
    for (const Entry &entry : knobs_)
      if (entry.name == name)
        return entry;
    throw std::runtime_error("no effect named '" + name + "'");
  }

  std::string text(const Entry &entry) const {
    if (entry.spec->value_type == G_TYPE_BOOLEAN) {
      gboolean on = FALSE;
      g_object_get(entry.element, entry.property.c_str(), &on, nullptr);
      return on ? "true" : "false";
    }
    if (entry.spec->value_type == G_TYPE_FLOAT) {
      gfloat value = 0;
      g_object_get(entry.element, entry.property.c_str(), &value, nullptr);
      return decimal(value);
    }
    gdouble value = 0;
    g_object_get(entry.element, entry.property.c_str(), &value, nullptr);
    return decimal(value);
  }

  void publish(const Entry &entry) const { host_.ui_state(entry.name, text(entry)); }

  void release() {
    for (Entry &entry : knobs_)
      gst_object_unref(entry.element);
    knobs_.clear();
  }

  Host host_;
  std::vector<Entry> knobs_;
};

} // namespace flu::sdk
