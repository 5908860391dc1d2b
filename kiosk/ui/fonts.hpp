// The font atlas: Noto Sans at the theme's few sizes, holding exactly the glyphs that the enabled
// catalogues (and the config's local texts) use, rasterised by FreeType without oversampling.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "theme.hpp"

namespace kiosk {
class Catalogues;
struct KioskConfig;
}  // namespace kiosk

namespace kiosk::ui {

struct Fonts {
    ImFont* sizes[font_size_count] = {};
    ImFont* get(FontSize size) const { return sizes[static_cast<int>(size)]; }
};

struct AtlasFigures {
    int width = 0;
    int height = 0;
    int glyphs = 0;  // distinct code points requested
};

// Every text the kiosk may draw for these languages: catalogue translations, endonyms of all enabled
// languages, local norm texts from the config, digits and the few symbols the screens use.
std::string gather_glyph_text(const Catalogues& catalogues, const KioskConfig& config);

// Where Noto Sans is read from: $KIOSK_FONT_DIR, or Debian's fonts-noto-core folder.
std::string font_directory();

// Builds the atlas. Returns an empty string on success, otherwise what went wrong and where.
std::string build_fonts(ImFontAtlas& atlas, const Theme& theme, const std::string& glyph_text, Fonts& fonts,
                        AtlasFigures& figures);

}  // namespace kiosk::ui
