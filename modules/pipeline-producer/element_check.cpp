// The element check; see element_check.hpp.
#include "element_check.hpp"

#include <flu/sdk/gst_launch_compat.hpp>
#include <gst/gst.h>

#include <stdexcept>

namespace flu::modules {

void find_elements(const std::vector<std::string> &args, sdk::CheckResult &result) {
  if (args.empty())
    throw std::invalid_argument("element takes one or more element names");
  std::vector<std::string> missing;
  for (const auto &name : args) {
    GstElementFactory *factory = gst_element_factory_find(name.c_str());
    if (!factory) {
      missing.push_back(name);
      // A fragment written for 0.10 names it so; say what a fragment reads.
      const auto renamed = sdk::gstreamer_1_names(name).renamed;
      result.row({name, "no", "", "",
                  renamed.empty() ? "no such element in this worker's GStreamer"
                                  : "GStreamer 0.10's name: a fragment reads it as '" +
                                        renamed.front().new_name + "'"});
      continue;
    }
    GstPlugin *plugin = gst_plugin_feature_get_plugin(GST_PLUGIN_FEATURE(factory));
    const char *long_name =
        gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_LONGNAME);
    result.row({name, "yes", plugin ? gst_plugin_get_name(plugin) : "",
                plugin ? gst_plugin_get_version(plugin) : "",
                long_name ? long_name : ""});
    if (plugin)
      gst_object_unref(plugin);
    gst_object_unref(factory);
  }
  if (missing.empty())
    result.summary(args.size() == 1
                       ? args[0] + " is present"
                       : "all " + std::to_string(args.size()) + " elements are present");
  else if (missing.size() == 1)
    result.summary(missing[0] + " is not present");
  else
    result.summary(std::to_string(missing.size()) + " of " + std::to_string(args.size()) +
                   " elements are not present");
}

} // namespace flu::modules
