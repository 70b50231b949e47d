// firewire-producer in a real flu-job. There is no FireWire controller or
// DV camera here: the pipeline (dv1394src, tee, dvdemux, dvdec and the
// three feeders) is built and started, and dv1394src's failure to find the
// device turns the component sad naming it. Capturing from a real camera
// is not tested.
#define BOOST_TEST_MODULE firewire_producer
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

std::vector<std::string> firewire(std::vector<std::string> more = {}) {
  std::vector<std::string> args{"--type",         "firewire-producer", "--feeder",
                                "audio=fakesink", "--feeder",          "video=fakesink",
                                "--feeder",       "dv=fakesink"};
  for (auto &arg : more)
    args.insert(args.end(), {"--property", arg});
  return args;
}

} // namespace

BOOST_AUTO_TEST_CASE(no_device_is_reported_naming_it) {
  expect_refused(firewire({"framerate=5/1", "width=360", "volume=0.5"}),
                 "FireWire DV device (the first found, dv1394src): Resource not found.");
}

BOOST_AUTO_TEST_CASE(the_device_asked_for_is_named) {
  expect_refused(
      firewire({"guid=0x0800460102c4d00f"}),
      "FireWire DV device '0x0800460102c4d00f' (dv1394src): Resource not found.");
}

BOOST_AUTO_TEST_CASE(a_bad_configuration_is_refused_naming_it) {
  expect_refused(firewire({"guid=camera"}), "guid 'camera' is not a GUID");
  expect_refused(firewire({"guid=0xnothex"}), "guid '0xnothex' is not a GUID");
  expect_refused(firewire({"decoder=nosuchdec"}),
                 "decoder 'nosuchdec' is not a GStreamer element installed here");
}
