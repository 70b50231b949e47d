// Prometheus's text exposition format (version 0.0.4): metric families,
// each a HELP and a TYPE line followed by all of its samples, which is what
// the format requires of a family's samples however they were added.
//
//   Exposition out;
//   auto &viewers = out.family("flu_component_viewers", "Viewers connected.",
//                              MetricType::gauge);
//   viewers.add({{"flow", "default"}, {"component", "http"}}, 3);
//   std::string text = out.text();
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace flu::metrics {

enum class MetricType { gauge, counter };

using Labels = std::vector<std::pair<std::string, std::string>>;

// labels and one more.
inline Labels with(Labels labels, const char *key, std::string value) {
  labels.emplace_back(key, std::move(value));
  return labels;
}

class Family {
public:
  Family(std::string help, MetricType type) : help_(std::move(help)), type_(type) {}
  void add(const Labels &labels, double value);
  bool empty() const { return samples_.empty(); }
  const std::string &help() const { return help_; }
  MetricType type() const { return type_; }
  const std::string &samples() const { return samples_; }
  // The name the samples are written under (set by Exposition).
  void name(std::string name) { name_ = std::move(name); }

private:
  std::string name_, help_;
  MetricType type_;
  std::string samples_; // rendered sample lines
};

class Exposition {
public:
  // The family of that name, made on first use. A name used again keeps its
  // first help and type. Throws std::invalid_argument for a name Prometheus
  // does not accept.
  Family &family(const std::string &name, const std::string &help, MetricType type);
  // Every family that has samples, in name order.
  std::string text() const;

private:
  std::map<std::string, Family> families_;
};

// Is this a valid metric name / label name ([a-zA-Z_:][a-zA-Z0-9_:]*, and no
// ':' in label names)?
bool valid_metric_name(const std::string &name);
bool valid_label_name(const std::string &name);
// A label value as written between the quotes: \\, \" and \n escaped,
// bytes that are not UTF-8 replaced by U+FFFD.
std::string escape_label_value(const std::string &value);
// A sample value: integers as integers, others in the shortest form that
// reads back equal; NaN and infinities as Prometheus spells them.
std::string format_value(double value);

} // namespace flu::metrics
