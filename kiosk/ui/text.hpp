// Translated text for the screens: `tr("role", "English text")` where role is the msgctxt naming the
// widget the text is drawn in (docs/i18n.md). xgettext extracts these calls into locales/kiosk.pot.
#pragma once
#include <string>

#include "catalogues.hpp"

namespace kiosk::ui {

class Text {
  public:
    Text(const Catalogues& catalogues, std::string language)
        : catalogues_(catalogues), language_(std::move(language)) {}

    std::string tr(const char* role, const char* msgid) const {
        return catalogues_.translate(language_, role, msgid);
    }
    std::string trn(const char* role, const char* singular, const char* plural, long n) const {
        return catalogues_.translate_plural(language_, role, singular, plural, n);
    }
    // For msgids kept as data (charter norms, life events), marked with NC_ where they are defined.
    std::string data(const char* role, std::string_view msgid) const {
        return catalogues_.translate(language_, role, std::string(msgid).c_str());
    }
    const std::string& language() const { return language_; }
    const Catalogues& catalogues() const { return catalogues_; }

  private:
    const Catalogues& catalogues_;
    std::string language_;
};

}  // namespace kiosk::ui
