// Every string of every catalogue, drawn with the real font atlas: no missing glyph, and it fits every
// box the screens draw its role (the msgctxt) in, at every display size the kiosk is laid out for.
// The boxes are the screens' own (screen_layout.hpp): what is checked is what is drawn.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "catalogues.hpp"
#include "config.hpp"
#include "fixtures.hpp"
#include "fonts.hpp"
#include "layout.hpp"
#include "screen_layout.hpp"
#include "widgets.hpp"

using namespace kiosk;
using namespace kiosk::ui;

namespace {

// A text as it is shown: placeholders filled with the widest value they take.
std::string shown(const std::string& text) { return fill(text, {"WWWW-WWWW", "WWWW-WWWW"}); }

struct Check {
    std::string language, role, text;
};

// The panels we support, landscape and portrait, and the smallest window the kiosk accepts, either
// way round.
const std::vector<ImVec2>& display_sizes() {
    static const std::vector<ImVec2> sizes = {
        {1920, 1080},
        {1280, 1024},
        {1080, 1920},
        {static_cast<float>(min_window_long_side), static_cast<float>(min_window_short_side)},
        {static_cast<float>(min_window_short_side), static_cast<float>(min_window_long_side)},
    };
    return sizes;
}

std::string size_text(ImVec2 size) {
    return std::to_string(static_cast<int>(size.x)) + "x" + std::to_string(static_cast<int>(size.y));
}

// "812x113 px (215x30 mm)"
std::string box_text(ImVec2 size, const Theme& theme) {
    auto mm = [&](float px) { return static_cast<int>(std::lround(px * 25.4 / theme.dpi)); };
    return size_text(size) + " px (" + std::to_string(mm(size.x)) + "x" + std::to_string(mm(size.y)) + " mm)";
}

// The boxes of each role, each size once: the same box on several screens is checked once.
std::map<std::string, std::vector<PlacedText>, std::less<>> boxes_by_role(const Layout& layout,
                                                                          int languages) {
    std::map<std::string, std::vector<PlacedText>, std::less<>> by_role;
    for (auto& placed : all_text_boxes(layout, languages)) {
        auto& boxes = by_role[std::string(placed.text.role)];
        bool seen = std::any_of(boxes.begin(), boxes.end(), [&](const PlacedText& b) {
            return std::abs(b.text.box.width() - placed.text.box.width()) < 0.5f &&
                   std::abs(b.text.box.height() - placed.text.box.height()) < 0.5f;
        });
        if (!seen) boxes.push_back(std::move(placed));
    }
    return by_role;
}

bool not_drawn(std::string_view role) {
    auto roles = roles_not_drawn();
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

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
                    FAIL_CHECK(check.language << " [" << check.role << "] \"" << check.text
                                              << "\": no glyph for U+" << std::hex << c << " at " << std::dec
                                              << font->FontSize << " px");
                    break;
                }
            }
        }
    }
    CHECK(characters > 10000);
    WARN("atlas " << atlas.figures.width << "x" << atlas.figures.height << ", " << atlas.figures.glyphs
                  << " glyphs, " << characters << " characters checked");
}

TEST_CASE("a character no catalogue uses is not in the atlas (glyphs come from the catalogues)") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0411) != nullptr);  // Б, Bulgarian
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0127) != nullptr);  // ħ, Maltese
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x0419) == nullptr);  // Й: not used by any
    CHECK(atlas.fonts.get(FontSize::body)->FindGlyphNoFallback(0x4E2D) == nullptr);  // 中
}

TEST_CASE("every string fits every box its role is drawn in, on every screen, in every language") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    theme.dpi = config.display.dpi > 0 ? config.display.dpi : 96.0;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    int languages = static_cast<int>(catalogues.languages().size());
    std::vector<Check> checks = everything_shown(catalogues, config);
    for (ImVec2 display : display_sizes()) {
        Layout layout = Layout::compute(display, theme);
        auto by_role = boxes_by_role(layout, languages);
        std::set<std::string> unknown;
        int checked = 0;
        for (const auto& check : checks) {
            if (not_drawn(check.role)) continue;
            auto boxes = by_role.find(check.role);
            if (boxes == by_role.end()) {
                if (unknown.insert(check.role).second)
                    FAIL_CHECK(size_text(display)
                               << " [" << check.role << "]: a role of the catalogues that no screen "
                               << "draws and the layout does not list as not drawn");
                continue;
            }
            for (const auto& placed : boxes->second) {
                const TextBox& box = placed.text;
                FittedText fitted = fit_text(check.text, box.box.size(), atlas.fonts, box.fonts);
                ++checked;
                if (!fitted.fits)
                    FAIL_CHECK(size_text(display) << " " << check.language << " [" << check.role << "] \""
                                                  << check.text << "\" does not fit " << placed.where << ", "
                                                  << box_text(box.box.size(), theme) << ", even at "
                                                  << fitted.font->FontSize << " px");
            }
        }
        CHECK(checked > 1000);
    }
}

TEST_CASE("every role a screen draws is a role of the catalogues, with its own font sizes") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    std::set<std::string, std::less<>> roles;
    for (const auto& check : everything_shown(catalogues, config)) roles.insert(check.role);
    for (ImVec2 display : display_sizes()) {
        Layout layout = Layout::compute(display, theme);
        for (const auto& placed : all_text_boxes(layout, static_cast<int>(catalogues.languages().size()))) {
            INFO(size_text(display) << " " << placed.where << " [" << placed.text.role << "]");
            CHECK(roles.count(placed.text.role) == 1);
            CHECK(role_fonts(placed.text.role).has_value());
        }
    }
    for (std::string_view role : roles_not_drawn()) {
        INFO("listed as not drawn: " << role);
        CHECK(roles.count(role) == 1);  // no stale exemption
    }
}

TEST_CASE("every text box lies on the display, and is at least a line of the smallest text high") {
    Theme theme;
    for (ImVec2 display : display_sizes()) {
        Layout layout = Layout::compute(display, theme);
        for (const auto& placed : all_text_boxes(layout, 30)) {
            const Box& b = placed.text.box;
            INFO(size_text(display) << " " << placed.where << ": " << b.min.x << "," << b.min.y << " - "
                                    << b.max.x << "," << b.max.y);
            CHECK(b.min.x >= 0);
            CHECK(b.min.y >= 0);
            CHECK(b.max.x <= display.x);
            CHECK(b.max.y <= display.y);
            CHECK(b.height() >= theme.font_px(FontSize::small) * 1.15f);
        }
    }
}

TEST_CASE("the grade keys hold 10 at a title's size or larger on welcome and the grade screen") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    for (ImVec2 display : display_sizes()) {
        Layout layout = Layout::compute(display, theme);
        for (const GradeKeys& grade :
             {grade_layout(layout), welcome_layout(layout, welcome_strip_max).grade}) {
            for (const auto& key : grade.keys) {
                INFO(size_text(display) << " key " << box_text(key.label.box.size(), theme));
                CHECK(fit_text("10", key.label.box.size(), atlas.fonts, key.label.fonts).fits);
            }
        }
    }
}

TEST_CASE("the fit check does fail on a word too long for its widget") {
    Catalogues catalogues(KIOSK_LOCALE_DIR);
    KioskConfig config = builtin_config(catalogues);
    Theme theme;
    Atlas atlas(theme, gather_glyph_text(catalogues, config));
    Layout layout = Layout::compute({1920, 1080}, theme);
    TextBox face = norm_layout(layout).faces.front().label;
    CHECK_FALSE(fit_text("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz", face.box.size(),
                         atlas.fonts, face.fonts)
                    .fits);
    CHECK(fit_text("Sehr unzufrieden", face.box.size(), atlas.fonts, face.fonts).fits);
    TextBox button = bar_layout(layout).back.label;
    std::string long_sentence(400, 'a');
    for (std::size_t i = 5; i < long_sentence.size(); i += 6) long_sentence[i] = ' ';
    CHECK_FALSE(fit_text(long_sentence, button.box.size(), atlas.fonts, button.fonts).fits);
}
