// flu::sdk::SharedBytes: bytes that stay valid for as long as something
// holds them, without a copy: a consumer that writes a feed out (to a file,
// to Icecast, to another planet) keeps a GstBuffer mapped while its bytes
// wait in a queue. Needs no GStreamer, so the code that writes them out can
// be built and tested without it; <flu/sdk/buffer_bytes.hpp> makes them
// from buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace flu::sdk {

struct SharedBytes {
  const uint8_t *data = nullptr;
  size_t size = 0;
  std::shared_ptr<const void> keep; // whatever keeps data valid
};

} // namespace flu::sdk
