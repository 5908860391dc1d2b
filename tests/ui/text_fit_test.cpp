// Every string of every catalogue, drawn with the real font atlas: no missing glyph, and it fits the
// widget it is drawn in (the msgctxt names the widget), at the configured display size.
#include <catch2/catch.hpp>
#include <imgui.h>
#include <imgui_internal.h>

#include "catalogues.hpp"
#include "config.hpp"
#include "fonts.hpp"
#include "layout.hpp"
#include "widgets.hpp"

using namespace kiosk;
using namespace kiosk::ui;

namespace {

KioskConfig builtin_config(const Catalogues& catalogues) {
    ConfigContext context;
    context.available_languages = {catalogues.languages().begin(), catalogues.languages().end()};
    ConfigResult r = load_config_text(builtin_config_text(), "kiosk.toml", context);
    REQUIRE(r.ok());
    return *r.config;
}

struct Atlas {
    Fonts fonts;
    AtlasFigures figures;
    Atlas(const Theme& theme, const std::string& glyphs) {
        ImGui::CreateContext();
        std::string error = build_fonts(*ImGui::GetIO().Fonts, theme, glyphs, fonts, figures);
        REQUIRE(error.empty());
    }
    ~Atlas() { ImGui::DestroyContext(); }
};

// A text as it is shown: placeholders filled with the widest value they take.
std::string shown(const std::string& text) { return fill(text, {"WWWW-WWWW", "WWWW-WWWW"}); }

struct Check {
    std::string language, role, text;
};

std::vector<Check> everything_shown(const Catalogues& catalogues, const KioskConfig& config) {
    std::vector<Check> checks;
    for (const auto& lang : config.languages) {
        for (const auto& entry : read_mo_file(catalogues.mo_path(lang)))
            for (const auto& t : entry.translations) checks.push_back({lang, entry.context, shown(t)});
        for (const auto& norm : config.local_norms) {
            if (norm.title.count(lang)) checks.push_back({lang, "norm-title", norm.title.at(lang)});
            if (norm.question.count(lang)) checks.push_back({lang, "norm-question", norm.question.at(lang)});
        }
    }
    return checks;
}

}  // namespace

TEST_CASE("every character of every enabled catalogue has a glyph at every size") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    REQUIRE(config.languages.size() >= 23);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    int characters = 0;
    for (const auto& check : everything_shown(catalogues, config)) {
        for (const char* p = check.text.c_str(); *p;) {
            unsigned int c = 0;
            p += ImTextCharFromUtf8(&c, p, nullptr);
            ++characters;
            for (ImFont* font : atlas.fonts.sizes) {
                if (!font->FindGlyphNoFallback(static_cast<ImWchar>(c))) {
                    FAIL_CHECK(check.language << " [" << check.role << "] \"" << check.text << "\": no glyph for U+"
                                              << std::hex << c << " at " << std::dec << font->FontSize << " px");
                    break;
                }
            }
        }
    }
    CHECK(characters > 10000);
    WARN("atlas " << atlas.figures.width << "x" << atlas.figures.height << ", " << atlas.figures.glyphs << " glyphs, "
                  << characters << " characters checked");
}

TEST_CASE("a character no catalogue uses is not in the atlas (glyphs come from the catalogues)") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0411) != nullptr);   // Б, Bulgarian
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0127) != nullptr);   // ħ, Maltese
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0419) == nullptr);   // Й: not used by any
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x4E2D) == nullptr);   // 中
}

TEST_CASE("every string fits the widget it is drawn in, in every language") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    theme.dpi = config.display.dpi > 0 ? config.display.dpi : 96.0;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    // The configured size is the whole display: the panels we support, landscape and portrait.
    for (ImVec2 display : {ImVec2{1920, 1080}, ImVec2{1280, 1024}, ImVec2{1080, 1920}}) {
        Layout layout = Layout::compute(display, theme);
        int checked = 0;
        for (const auto& check : everything_shown(catalogues, config)) {
            TextRole role = layout.role(check.role);
            if (role.size.x <= 0) continue;  // not drawn (text direction)
            FittedText fitted = fit_text(check.text, role.size, atlas.fonts, role.largest, role.smallest);
            ++checked;
            if (!fitted.fits)
                FAIL_CHECK(display.x << "x" << display.y << " " << check.language << " [" << check.role << "] \""
                                     << check.text << "\" does not fit " << role.size.x << "x" << role.size.y
                                     << " px even at " << fitted.font->FontSize << " px");
        }
        CHECK(checked > 1000);
    }
}

TEST_CASE("the fit check does fail on a word too long for its widget") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    Layout layout = Layout::compute({1920, 1080}, theme);
    TextRole face = layout.role("face");
    CHECK_FALSE(fit_text("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz", face.size, atlas.fonts,
                         face.largest, face.smallest).fits);
    FittedText wrapped = fit_text("Sehr unzufrieden", face.size, atlas.fonts, face.largest, face.smallest);
    CHECK(wrapped.fits);
    TextRole button = layout.role("button");
    std::string long_sentence(400, 'a');
    for (std::size_t i = 5; i < long_sentence.size(); i += 6) long_sentence[i] = ' ';
    CHECK_FALSE(fit_text(long_sentence, button.size, atlas.fonts, button.largest, button.smallest).fits);
}
