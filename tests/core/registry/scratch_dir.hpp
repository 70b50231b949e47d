// The registry tests' scratch directory is the tests' common one.
#pragma once

#include "temp_dir.hpp"

namespace flu::registry::test {

using ScratchDir = flu::test::TempDir;

} // namespace flu::registry::test
