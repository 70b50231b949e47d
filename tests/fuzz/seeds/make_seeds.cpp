// Writes the fuzz seeds that flu's own encoders make: a frame of every
// message type (envelope/), every message type's payload behind its type
// byte (codec/), and small archives (archive/). Usage:
//   flu-fuzz-seeds tests/fuzz
// The output is committed; rerun it when a message type is added.
#include "message_samples.hpp"

#include "bundle/archive.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace flu;

namespace {

void write(const fs::path &file, const std::string &bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

template <class M> void seed(const fs::path &root) {
  using message::test::sample;
  using message::test::Tag;
  const M m = sample(Tag<M>{});
  const std::string name = message::type_name(static_cast<uint16_t>(M::type));
  write(root / "envelope" / "corpus" / name, message::pack(m, 42));
  write(root / "codec" / "corpus" / name,
        std::string(1, static_cast<char>(M::type)) + message::encode(m));
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: flu-fuzz-seeds TESTS_FUZZ_DIR\n";
    return 2;
  }
  const fs::path root = argv[1];
#define FLU_SEED(M) seed<message::M>(root);
  FLU_MESSAGE_TYPES(FLU_SEED)
#undef FLU_SEED
  const auto archives = root / "archive" / "corpus";
  write(archives / "one-file", bundle::pack({{"bundle.xml", "<bundle/>\n"}}));
  write(archives / "nested",
        bundle::pack({{"modules/a/libflu-a.so", std::string(300, 'x')},
                      {"modules/a/module.xml", "<module id=\"a\"/>"},
                      {"share/locale/fr/LC_MESSAGES/a.mo", "mo"}}));
  write(archives / "empty", bundle::pack({}));
  std::cout << "seeds written under " << root.string() << "\n";
  return 0;
}
