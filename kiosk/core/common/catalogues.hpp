// The translations: one gettext catalogue (.mo, compiled from locales/<lang>.po at build time) per
// language, read at run time through Boost.Locale, which also applies each language's plural rules.
// A language is whatever catalogue the locale folder holds: adding one needs no code change.
#pragma once
#include <locale>
#include <map>
#include <string>
#include <vector>

namespace kiosk {

// One message as stored in a .mo file; what the glyph builder and the layout checks walk over.
struct CatalogueEntry {
    std::string context;  // msgctxt: the role of the widget the text is drawn in
    std::string msgid;
    std::string msgid_plural;
    std::vector<std::string> translations;  // one per plural form
};

// Reads every entry of a compiled catalogue (the header entry excluded). Throws std::runtime_error
// naming the file when it is not a valid .mo file.
std::vector<CatalogueEntry> read_mo_file(const std::string& path);

class Catalogues {
  public:
    // Finds <dir>/<lang>/LC_MESSAGES/kiosk.mo for every language present. A catalogue that cannot be
    // read is left out of languages() and listed in damaged(), with what is wrong and where.
    explicit Catalogues(std::string locale_dir);

    const std::string& locale_dir() const { return dir_; }
    const std::vector<std::string>& languages() const { return languages_; }
    // language -> "<file>: what is wrong"
    const std::map<std::string, std::string>& damaged() const { return damaged_; }
    bool has(const std::string& language) const;
    std::string mo_path(const std::string& language) const;

    std::string translate(const std::string& language, const char* context, const char* msgid) const;
    std::string translate_plural(const std::string& language, const char* context, const char* singular,
                                 const char* plural, long n) const;

    // The language's own name ("Deutsch", "Ελληνικά"), from its catalogue.
    std::string endonym(const std::string& language) const;
    // Whether the language is written right to left (its catalogue says so; none of the 23 is).
    bool right_to_left(const std::string& language) const;

    const std::locale& locale_for(const std::string& language) const;

  private:
    std::string dir_;
    std::vector<std::string> languages_;
    std::map<std::string, std::string> damaged_;
    mutable std::map<std::string, std::locale> locales_;
};

// Replaces {1}, {2}, … with the arguments; the catalogue check makes sure every translation keeps
// the template's placeholders.
std::string fill(std::string text, const std::vector<std::string>& args);

}  // namespace kiosk
