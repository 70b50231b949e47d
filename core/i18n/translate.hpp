// Messages are translated where they are shown, not where they are made
// (Flumotion's Translatable): a Note carries a gettext domain, a format and
// its arguments, and an admin renders it in its own language.
#pragma once

#include "message/messages.hpp"

#include <string>
#include <vector>

namespace flu::i18n {

// flu's own messages live in this gettext domain.
inline constexpr const char *domain = "flu";

// Marks a format for xgettext (keyword N_) without translating it here.
#define N_(text) text

// A note in flu's domain; format uses positional arguments: %1%, %2%, ...
message::Note note(message::NoteLevel level, std::string id, std::string format,
                   std::vector<std::string> args = {});
// A note whose text is final (from a module that did not make it
// translatable): shown as it is.
message::Note plain(message::NoteLevel level, std::string id, std::string text);

// Binds flu's domain to <prefix>/share/locale beside the executable and
// takes the user's locale from the environment. Call once in an admin.
void init_translations();

// The note's text in the reader's language (or as written, when no
// catalogue has it). A format that does not match its arguments is shown
// untranslated with its arguments appended, never dropped.
std::string render(const message::Note &note);
// The same without translation: for logs, which developers read.
std::string render_untranslated(const message::Note &note);

} // namespace flu::i18n
