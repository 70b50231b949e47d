#include "i18n/translate.hpp"

#include "files/install_dirs.hpp"

#include <boost/format.hpp>

#include <chrono>
#include <clocale>
#include <filesystem>
#include <libintl.h>

namespace flu::i18n {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string apply(const std::string &format, const std::vector<std::string> &args) {
  try {
    boost::format f(format);
    f.exceptions(boost::io::all_error_bits);
    for (const auto &a : args)
      f % a;
    return f.str();
  } catch (const boost::io::format_error &) {
    std::string out = format;
    for (const auto &a : args)
      out += " [" + a + "]";
    return out;
  }
}

std::string render_with(const message::Note &n, bool translate) {
  if (n.args.empty() && n.domain.empty())
    return n.format;
  const std::string format =
      translate && !n.domain.empty()
          ? std::string(dgettext(n.domain.c_str(), n.format.c_str()))
          : n.format;
  if (n.args.empty() && format.find('%') == std::string::npos)
    return format;
  return apply(format, n.args);
}

} // namespace

message::Note note(message::NoteLevel level, std::string id, std::string format,
                   std::vector<std::string> args) {
  message::Note n;
  n.level = level;
  n.id = std::move(id);
  n.domain = domain;
  n.format = std::move(format);
  n.args = std::move(args);
  n.timestamp_ms = now_ms();
  return n;
}

message::Note plain(message::NoteLevel level, std::string id, std::string text) {
  message::Note n;
  n.level = level;
  n.id = std::move(id);
  n.format = std::move(text);
  n.timestamp_ms = now_ms();
  return n;
}

void init_translations() {
  std::setlocale(LC_ALL, "");
  const auto dir = files::executable_dir().parent_path() / "share" / "locale";
  bindtextdomain(domain, dir.c_str());
  bind_textdomain_codeset(domain, "UTF-8");
}

std::string render(const message::Note &note) { return render_with(note, true); }

std::string render_untranslated(const message::Note &note) {
  return render_with(note, false);
}

} // namespace flu::i18n
