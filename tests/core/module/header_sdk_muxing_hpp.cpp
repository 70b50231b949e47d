// <flu/sdk/muxing.hpp> compiles on its own: this translation unit includes
// nothing else. The function lets sdk_headers_test.cpp check it was compiled.
#include <flu/sdk/muxing.hpp>

std::string flu_test_mux_inputs() { return flu::sdk::mux_inputs(2, "default"); }
