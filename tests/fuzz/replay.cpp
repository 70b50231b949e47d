// The normal build's driver for a fuzz target: replays files (or every file
// of the folders) given on the command line through LLVMFuzzerTestOneInput,
// without fuzzing. A crash or a FUZZ_CHECK fails the test that runs it.
#include "fuzz_target.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

int replay(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << file.string() << ": cannot read\n";
    return 1;
  }
  const std::vector<char> data{std::istreambuf_iterator<char>(in), {}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.data()), data.size());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  int failures = 0, count = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path path = argv[i];
    std::vector<fs::path> files;
    if (fs::is_directory(path)) {
      for (const auto &entry : fs::directory_iterator(path))
        if (entry.is_regular_file())
          files.push_back(entry.path());
    } else {
      files.push_back(path);
    }
    for (const auto &file : files) {
      failures += replay(file);
      ++count;
    }
  }
  std::cout << "replayed " << count << " inputs\n";
  if (count == 0) {
    std::cerr << "no inputs: a corpus folder is empty or missing\n";
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
