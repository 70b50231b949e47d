// <flu/sdk.hpp> compiles on its own: this translation unit includes nothing
// else. The function lets sdk_headers_test.cpp check it really was compiled.
#include <flu/sdk.hpp>

flu_property_spec flu_test_sdk_property() {
  return flu::sdk::property("bitrate", FLU_PROPERTY_INT, "bits per second", "400000");
}
