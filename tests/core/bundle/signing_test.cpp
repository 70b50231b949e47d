#define BOOST_TEST_MODULE core bundle
#include <boost/test/unit_test.hpp>

#include "bundle/signing.hpp"
#include "bundle_fixtures.hpp"

#include <fstream>

#include <sys/stat.h>

using namespace flu::bundle;
using flu::bundle::test::TempDir;

BOOST_AUTO_TEST_SUITE(signing)

BOOST_AUTO_TEST_CASE(a_signature_verifies_with_the_trusted_key_only) {
  const auto key = generate_key("release");
  const std::string signature = sign(key, "the manifest");
  TrustStore trust;
  trust.add(key.public_key());
  BOOST_TEST(trust.verify(signature, "the manifest").name == "release");
  // Ed25519 is deterministic: the same message, the same signature.
  BOOST_TEST(sign(key, "the manifest") == signature);

  BOOST_CHECK_EXCEPTION(trust.verify(signature, "the manifest!"), SignatureError,
                        [](const SignatureError &e) {
                          return std::string(e.what()).find("does not match") !=
                                 std::string::npos;
                        });
  TrustStore other;
  other.add(generate_key("stranger").public_key());
  BOOST_CHECK_EXCEPTION(other.verify(signature, "the manifest"), SignatureError,
                        [&](const SignatureError &e) {
                          return std::string(e.what()).find(key.public_key().id()) !=
                                 std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(malformed_signatures_are_refused) {
  const auto key = generate_key("release");
  TrustStore trust;
  trust.add(key.public_key());
  const std::string good = sign(key, "m");
  for (const std::string &bad :
       {std::string(), std::string("garbage"), good.substr(0, good.size() / 2),
        "flu-bundle-signature rsa " + key.public_key().id() + " AAAA\n",
        "flu-bundle-signature ed25519 " + key.public_key().id() + " !!!notbase64\n",
        "flu-bundle-signature ed25519 " + key.public_key().id() + " AAAA\n", good + good})
    BOOST_CHECK_THROW(trust.verify(bad, "m"), SignatureError);
}

BOOST_AUTO_TEST_CASE(key_files_round_trip_and_the_secret_stays_private) {
  TempDir dir;
  const auto key = generate_key("flu-dev");
  write_key_files(dir.path(), key);
  struct stat st {};
  BOOST_REQUIRE(::stat((dir.path() / "flu-dev.key").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  const auto back = read_secret_key(dir.path() / "flu-dev.key");
  BOOST_TEST(back.public_key().id() == key.public_key().id());
  BOOST_TEST(read_public_key(dir.path() / "flu-dev.pub").id() == key.public_key().id());

  TrustStore trust;
  trust.add_directory(dir.path());
  BOOST_TEST(trust.find(key.public_key().id()) != nullptr);

  // Never replaces a key, and refuses a secret others may read.
  BOOST_CHECK_THROW(write_key_files(dir.path(), generate_key("flu-dev")), SignatureError);
  ::chmod((dir.path() / "flu-dev.key").c_str(), 0644);
  BOOST_CHECK_EXCEPTION(read_secret_key(dir.path() / "flu-dev.key"), SignatureError,
                        [](const SignatureError &e) {
                          return std::string(e.what()).find("0644") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(bad_key_names_and_files_are_refused) {
  BOOST_CHECK_THROW(generate_key(""), SignatureError);
  BOOST_CHECK_THROW(generate_key("../escape"), SignatureError);
  BOOST_CHECK_THROW(generate_key("has space"), SignatureError);
  BOOST_CHECK_THROW(parse_public_key("flu-release-key ed25519 AAAA name\n", "x.pub"),
                    SignatureError);
  BOOST_CHECK_THROW(parse_public_key("ssh-ed25519 AAAA name\n", "x.pub"), SignatureError);
  TempDir dir;
  std::ofstream(dir.path() / "broken.pub") << "nonsense\n";
  TrustStore trust;
  BOOST_CHECK_EXCEPTION(
      trust.add_directory(dir.path()), SignatureError, [](const SignatureError &e) {
        return std::string(e.what()).find("broken.pub") != std::string::npos;
      });
}

BOOST_AUTO_TEST_CASE(sha256_matches_a_known_answer) {
  BOOST_TEST(sha256_hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_SUITE_END()
