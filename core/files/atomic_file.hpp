// Files that appear whole or not at all: written aside, flushed, then
// linked or renamed into place. Keys, tokens and bundles are written this
// way, so that a crash or a concurrent writer never leaves half a file.
#pragma once

#include <filesystem>
#include <string>

#include <sys/types.h>

namespace flu::files {

// Puts `text` at `final` with `mode` unless a file is already there (false
// then: somebody else got there first, and their file is kept). Throws
// std::runtime_error naming the file on any other failure.
bool create_exclusive(const std::filesystem::path &final, const std::string &text,
                      mode_t mode);

// Puts `text` at `final` with `mode`, replacing what was there.
void replace_file(const std::filesystem::path &final, const std::string &text,
                  mode_t mode);

// Makes `dir` (mode 0700) and its parents when absent.
void make_private_dir(const std::filesystem::path &dir);

// The whole file; throws std::runtime_error naming it when unreadable.
std::string read_file(const std::filesystem::path &file);

// Throws std::runtime_error naming the file when others than its owner may
// read or write it: a secret that was exposed is no secret. `hint` (what
// to do about it) ends the message.
void check_private(const std::filesystem::path &file, const std::string &hint = "");

} // namespace flu::files
