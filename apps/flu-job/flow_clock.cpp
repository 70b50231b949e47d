// The flow clock (see flow_clock.hpp).
#include "flow_clock.hpp"

namespace flu::job {

void use_flow_clock(GstElement *pipeline, uint64_t base_time_ns) {
  if (!base_time_ns)
    return;
  GstClock *clock = gst_system_clock_obtain();
  g_object_set(clock, "clock-type", GST_CLOCK_TYPE_REALTIME, nullptr);
  gst_pipeline_use_clock(GST_PIPELINE(pipeline), clock);
  gst_object_unref(clock);
  // The base time alone decides running time: no start time of our own.
  gst_element_set_start_time(pipeline, GST_CLOCK_TIME_NONE);
  gst_element_set_base_time(pipeline, base_time_ns);
}

} // namespace flu::job
