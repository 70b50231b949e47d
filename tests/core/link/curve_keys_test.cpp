// The manager's key files: made with the right modes, loaded back the same,
// refused (naming the file) when open to others or malformed; and the
// public key peers pin, given as text or as @FILE.
#define BOOST_TEST_MODULE test - core - link
#include "contains.hpp"
#include "link/curve_keys.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace flu::link;

namespace {

using flu::test::TempDir;

unsigned mode_of(const fs::path &p) {
  struct stat st {};
  BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::string contents(const fs::path &p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write(const fs::path &p, const std::string &text) { std::ofstream(p) << text; }

// The message of the exception `f` throws; fails the test when none.
template <class F> std::string error_of(F f) {
  try {
    f();
  } catch (const std::exception &e) {
    return e.what();
  }
  BOOST_ERROR("no exception");
  return {};
}

using flu::test::contains;

} // namespace

BOOST_AUTO_TEST_CASE(key_pairs_are_z85_and_distinct) {
  const KeyPair a = make_key_pair(), b = make_key_pair();
  BOOST_TEST(a.public_key.size() == 40u);
  BOOST_TEST(a.secret_key.size() == 40u);
  BOOST_TEST(a.public_key != b.public_key);
  BOOST_CHECK_NO_THROW(check_z85_key(a.public_key, "key"));
}

BOOST_AUTO_TEST_CASE(manager_keys_are_made_with_private_modes_and_reload_the_same) {
  TempDir tmp;
  const fs::path dir = tmp.path() / "sub" / "manager";
  const KeyPair made = load_or_create_manager_keys(dir);
  BOOST_TEST(mode_of(dir) == 0700u);
  BOOST_TEST(mode_of(dir / "manager.key") == 0644u);
  BOOST_TEST(mode_of(dir / "manager.key_secret") == 0600u);
  BOOST_TEST(contents(dir / "manager.key") == made.public_key + "\n");
  BOOST_TEST(contents(dir / "manager.key_secret") == made.secret_key + "\n");
  // Nothing left aside.
  BOOST_TEST(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);

  const KeyPair again = load_or_create_manager_keys(dir);
  BOOST_TEST(again.public_key == made.public_key);
  BOOST_TEST(again.secret_key == made.secret_key);
}

BOOST_AUTO_TEST_CASE(a_lost_public_key_is_made_again_from_the_secret) {
  TempDir tmp;
  const KeyPair made = load_or_create_manager_keys(tmp.path());
  fs::remove(tmp.path() / "manager.key");
  BOOST_TEST(load_or_create_manager_keys(tmp.path()).public_key == made.public_key);
  BOOST_TEST(contents(tmp.path() / "manager.key") == made.public_key + "\n");
}

BOOST_AUTO_TEST_CASE(a_secret_open_to_others_is_refused_naming_the_file) {
  TempDir tmp;
  load_or_create_manager_keys(tmp.path());
  const fs::path secret = tmp.path() / "manager.key_secret";
  ::chmod(secret.c_str(), 0644);
  const std::string why = error_of([&] { load_or_create_manager_keys(tmp.path()); });
  BOOST_TEST(contains(why, secret.string()));
  BOOST_TEST(contains(why, "0644"));
  ::chmod(secret.c_str(), 0640);
  BOOST_TEST(contains(error_of([&] { load_or_create_manager_keys(tmp.path()); }),
                      secret.string()));
}

BOOST_AUTO_TEST_CASE(malformed_key_files_are_refused_naming_the_file) {
  TempDir tmp;
  load_or_create_manager_keys(tmp.path());
  const fs::path secret = tmp.path() / "manager.key_secret";
  const fs::path pub = tmp.path() / "manager.key";

  write(secret, "too short\n");
  std::string why = error_of([&] { load_or_create_manager_keys(tmp.path()); });
  BOOST_TEST(contains(why, secret.string()));
  BOOST_TEST(contains(why, "malformed"));

  write(secret, std::string(40, '~') + "\n"); // '~' is not Z85
  why = error_of([&] { load_or_create_manager_keys(tmp.path()); });
  BOOST_TEST(contains(why, secret.string()));
  BOOST_TEST(contains(why, "Z85"));

  write(secret, make_key_pair().secret_key + "\n");
  write(pub, make_key_pair().public_key + "\n"); // another pair's
  why = error_of([&] { load_or_create_manager_keys(tmp.path()); });
  BOOST_TEST(contains(why, pub.string()));
  BOOST_TEST(contains(why, "does not belong"));
}

BOOST_AUTO_TEST_CASE(a_public_key_without_its_secret_is_not_replaced) {
  TempDir tmp;
  const KeyPair made = load_or_create_manager_keys(tmp.path());
  fs::remove(tmp.path() / "manager.key_secret");
  const std::string why = error_of([&] { load_or_create_manager_keys(tmp.path()); });
  BOOST_TEST(contains(why, "manager.key_secret"));
  BOOST_TEST(contents(tmp.path() / "manager.key") == made.public_key + "\n");
}

BOOST_AUTO_TEST_CASE(read_public_key_takes_z85_text_or_a_file) {
  TempDir tmp;
  const KeyPair made = load_or_create_manager_keys(tmp.path());
  BOOST_TEST(read_public_key(made.public_key) == made.public_key);
  BOOST_TEST(read_public_key("@" + (tmp.path() / "manager.key").string()) ==
             made.public_key);

  std::string why = error_of([] { read_public_key("abc"); });
  BOOST_TEST(contains(why, "40"));
  BOOST_TEST(contains(why, "found 3"));

  why = error_of([] { read_public_key(std::string(39, 'a') + ","); });
  BOOST_TEST(contains(why, "Z85"));

  const fs::path missing = tmp.path() / "nope.key";
  why = error_of([&] { read_public_key("@" + missing.string()); });
  BOOST_TEST(contains(why, missing.string()));

  const fs::path bad = tmp.path() / "bad.key";
  write(bad, "not a key\n");
  why = error_of([&] { read_public_key("@" + bad.string()); });
  BOOST_TEST(contains(why, bad.string()));
  BOOST_TEST(contains(why, "found 9"));

  BOOST_CHECK_THROW(read_public_key("@"), std::invalid_argument);

  // '@' is Z85 too: a key may begin with it.
  const std::string at_key = "@" + made.public_key.substr(1);
  BOOST_TEST(read_public_key(at_key) == at_key);
  // A path whose "@path" is 40 Z85 characters (as /tmp/tmp.XXXXXXXXXX/manager/
  // manager.key is) names the file, not a key.
  const fs::path dir = tmp.path() / "d";
  fs::create_directories(dir);
  const std::string base = "@" + (dir / "").string();
  BOOST_REQUIRE(base.size() < 40);
  const fs::path file = dir / std::string(40 - base.size(), 'k');
  write(file, made.public_key + "\n");
  BOOST_REQUIRE(("@" + file.string()).size() == 40u);
  BOOST_TEST(read_public_key("@" + file.string()) == made.public_key);
}

BOOST_AUTO_TEST_CASE(default_manager_dir_follows_the_environment) {
  const std::string home = std::getenv("HOME") ? std::getenv("HOME") : "";
  ::setenv("FLU_MANAGER_DIR", "/somewhere/flu", 1);
  ::setenv("XDG_CONFIG_HOME", "/xdg", 1);
  BOOST_TEST(default_manager_dir() == fs::path("/somewhere/flu"));
  ::unsetenv("FLU_MANAGER_DIR");
  BOOST_TEST(default_manager_dir() == fs::path("/xdg/flu/manager"));
  ::setenv("XDG_CONFIG_HOME", "relative", 1); // to be ignored, says XDG
  ::setenv("HOME", "/home/someone", 1);
  BOOST_TEST(default_manager_dir() == fs::path("/home/someone/.config/flu/manager"));
  ::unsetenv("XDG_CONFIG_HOME");
  BOOST_TEST(default_manager_dir() == fs::path("/home/someone/.config/flu/manager"));
  ::setenv("HOME", home.c_str(), 1);
}
