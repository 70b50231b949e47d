// Notes are translated where they are shown: rendered here in French from
// build/share/locale/fr/LC_MESSAGES/flu.mo, which the build compiles from
// po/fr.po. Rendering never throws and never loses an argument.
//
// glibc ignores LANGUAGE when the locale is "C", so the test runs in
// C.UTF-8 (built into Debian 12's libc-bin, no locale to generate, no root)
// with LANGUAGE=fr.
#define BOOST_TEST_MODULE i18n
#include "i18n/translate.hpp"

#include <boost/test/unit_test.hpp>

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

using flu::i18n::note;
using flu::i18n::plain;
using flu::i18n::render;
using flu::i18n::render_untranslated;
using flu::message::NoteLevel;

namespace {

const std::filesystem::path catalogue =
    std::filesystem::path(FLU_BINARY_DIR) / "share/locale/fr/LC_MESSAGES/flu.mo";

struct French {
  French() {
    ::setenv("LC_ALL", "C.UTF-8", 1);
    ::setenv("LANGUAGE", "fr", 1);
    flu::i18n::init_translations();
    const char *locale = std::setlocale(LC_MESSAGES, nullptr);
    BOOST_TEST_MESSAGE("LC_MESSAGES locale: " << (locale ? locale : "(null)"));
  }
};
BOOST_TEST_GLOBAL_FIXTURE(French);

// The msgid → msgstr pairs of a .po file (single-line strings, as ours are).
std::vector<std::pair<std::string, std::string>>
po_entries(const std::filesystem::path &file) {
  std::vector<std::pair<std::string, std::string>> entries;
  std::ifstream in(file);
  const std::regex quoted(R"re(^(msgid|msgstr) "(.*)"$)re");
  std::string id;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, quoted))
      continue;
    if (m[1] == "msgid")
      id = m[2];
    else if (!id.empty())
      entries.emplace_back(id, m[2]);
  }
  return entries;
}

std::set<std::string> arguments_in(const std::string &format) {
  std::set<std::string> found;
  const std::regex argument("%[0-9]+%");
  for (auto it = std::sregex_iterator(format.begin(), format.end(), argument);
       it != std::sregex_iterator(); ++it)
    found.insert(it->str());
  return found;
}

} // namespace

BOOST_AUTO_TEST_CASE(renders_flu_notes_in_french) {
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(catalogue),
                        catalogue << " is missing: build the flu-translations target");
  const auto crashed =
      note(NoteLevel::error, "job-crashed", "the job was %1%", {"killed by signal 9"});
  BOOST_TEST(render(crashed) == "le processus du composant a été killed by signal 9");
  // Logs stay in English.
  BOOST_TEST(render_untranslated(crashed) == "the job was killed by signal 9");
}

BOOST_AUTO_TEST_CASE(every_french_translation_keeps_its_arguments) {
  const auto entries = po_entries(std::filesystem::path(FLU_SOURCE_DIR) / "po/fr.po");
  BOOST_TEST(entries.size() >= 2u);
  for (const auto &[id, translation] : entries)
    BOOST_TEST_CONTEXT(id) {
      BOOST_TEST(!translation.empty(), "untranslated");
      BOOST_TEST((arguments_in(id) == arguments_in(translation)), translation);
      std::vector<std::string> args;
      for (std::size_t i = 1; i <= arguments_in(id).size(); ++i)
        args.push_back("<arg" + std::to_string(i) + ">");
      const std::string shown = render(note(NoteLevel::info, "x", id, args));
      BOOST_TEST(shown != render_untranslated(note(NoteLevel::info, "x", id, args)),
                 "not in flu.mo");
      for (const auto &arg : args)
        BOOST_TEST(shown.find(arg) != std::string::npos, shown);
    }
}

BOOST_AUTO_TEST_CASE(untranslated_formats_fall_back_to_english) {
  BOOST_TEST(render(note(NoteLevel::warning, "x", "no catalogue has %1% yet",
                         {"this"})) == "no catalogue has this yet");
  auto other = note(NoteLevel::warning, "x", "the job was %1%", {"gone"});
  other.domain = "no-such-domain";
  BOOST_TEST(render(other) == "the job was gone");
}

BOOST_AUTO_TEST_CASE(mismatched_arguments_never_throw_and_keep_the_arguments) {
  // Too many: all of them still shown.
  std::string shown;
  BOOST_CHECK_NO_THROW(
      shown = render(note(NoteLevel::error, "x", "the job %1%", {"exited", "twice"})));
  BOOST_TEST(shown.find("le processus du composant") != std::string::npos, shown);
  BOOST_TEST(shown.find("exited") != std::string::npos, shown);
  BOOST_TEST(shown.find("twice") != std::string::npos, shown);
  // Too few, a missing argument, a malformed format: shown as written.
  BOOST_CHECK_NO_THROW(shown =
                           render(note(NoteLevel::error, "x", "the job was %1%", {})));
  BOOST_TEST(shown == "le processus du composant a été %1%");
  BOOST_CHECK_NO_THROW(
      shown = render(note(NoteLevel::error, "x", "%1% and %3%", {"a", "b"})));
  BOOST_TEST(shown.find('a') != std::string::npos, shown);
  BOOST_TEST(shown.find('b') != std::string::npos, shown);
  for (const char *format : {"%", "100%", "%1", "%|", "%1$s", "%s %d"})
    BOOST_TEST_CONTEXT(format) {
      BOOST_CHECK_NO_THROW(shown = render(note(NoteLevel::error, "x", format, {"kept"})));
      BOOST_TEST(shown.find("kept") != std::string::npos, shown);
      BOOST_CHECK_NO_THROW(render_untranslated(note(NoteLevel::error, "x", format, {})));
    }
}

BOOST_AUTO_TEST_CASE(plain_notes_show_percent_signs_literally) {
  BOOST_TEST(render(plain(NoteLevel::info, "x", "disk 100% full, %1% and %% left")) ==
             "disk 100% full, %1% and %% left");
  BOOST_TEST(render_untranslated(plain(NoteLevel::info, "x", "50%")) == "50%");
  // A translatable note without arguments and a stray '%' is shown as well.
  BOOST_TEST(render(note(NoteLevel::info, "x", "disk 100% full")) == "disk 100% full");
}
