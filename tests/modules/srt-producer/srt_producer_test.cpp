// srt-producer in a real flu-job: its settings are checked before it
// starts. Receiving from srtsink is not yet tested here (docs/inputs.md).
#define BOOST_TEST_MODULE srt_producer
#include "../standalone_job.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(bad_settings_are_refused) {
  expect_refused({"--type", "srt-producer", "--property", "port=9000", "--property",
                  "mode=rendezvous"},
                 "mode must be caller or listener, got 'rendezvous'");
  expect_refused({"--type", "srt-producer", "--property", "port=9000", "--property",
                  "passphrase=short"},
                 "passphrase must have 10 to 79 characters, got 5");
}
