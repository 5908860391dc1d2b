// What the text tests share: the built-in configuration with every catalogue that was built (the real
// texts), and an ImGui context with its font atlas for the length of a test.
#pragma once
#include <imgui.h>

#include <catch2/catch.hpp>
#include <string>

#include "catalogues.hpp"
#include "config.hpp"
#include "fonts.hpp"

inline kiosk::KioskConfig builtin_config(const kiosk::Catalogues& catalogues) {
    kiosk::ConfigContext context;
    context.available_languages = {catalogues.languages().begin(), catalogues.languages().end()};
    kiosk::ConfigResult r = kiosk::load_config_text(kiosk::builtin_config_text(), "kiosk.toml", context);
    REQUIRE(r.ok());
    return *r.config;
}

struct Atlas {
    kiosk::ui::Fonts fonts;
    kiosk::ui::AtlasFigures figures;
    Atlas() { ImGui::CreateContext(); }
    // Built at once for `glyphs` (the destructor still runs if the build fails).
    Atlas(const kiosk::ui::Theme& theme, const std::string& glyphs) : Atlas() {
        REQUIRE(kiosk::ui::build_fonts(atlas(), theme, glyphs, fonts, figures).empty());
    }
    ~Atlas() { ImGui::DestroyContext(); }
    ImFontAtlas& atlas() { return *ImGui::GetIO().Fonts; }
};
