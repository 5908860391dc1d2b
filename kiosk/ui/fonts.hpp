// The font atlas: Noto Sans (and Noto Sans Math for the few characters it lacks) at the theme's few
// sizes, holding exactly the glyphs that the enabled catalogues, the config's local texts and each
// language's formatted numbers and dates use, rasterised by FreeType without oversampling. Rebuilt
// while running when the text scale changes.
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
// languages, local norm texts from the config, digits and the few symbols the screens use, and what
// ICU writes for each language's numbers (separators, minus sign) and dates (month names).
std::string gather_glyph_text(const Catalogues& catalogues, const KioskConfig& config);

// Where the Noto fonts are read from: $KIOSK_FONT_DIR, or Debian's fonts-noto-core folder.
std::string font_directory();

// Builds the atlas, or rebuilds it (a new text scale in `theme`, new glyphs): the ImFont pointers in
// `fonts` are replaced. Returns an empty string on success, otherwise what went wrong and where; a
// font file that is missing, unreadable or not a font is found before anything changes, so the old
// atlas then stays whole and usable. One atlas per process: the glyph ranges and font data the atlas
// reads are kept here until the next build.
//
// While running: call it outside a frame (after Render() and drawing, before the next NewFrame()),
// then Renderer::reload_font_texture(), then draw a whole frame. ClearTexData() is safe whenever the
// renderer has its texture (after the first frame, after a reload): the pixels can be made again.
std::string build_fonts(ImFontAtlas& atlas, const Theme& theme, const std::string& glyph_text, Fonts& fonts,
                        AtlasFigures& figures);

// Once the renderer holds the texture (after the first frame, after a reload): frees the atlas's
// pixels, its inputs and the font files read for it (about 4.5 MB). The fonts still draw; the next
// build_fonts() reads the files again.
void release_font_build_data(ImFontAtlas& atlas);

}  // namespace kiosk::ui
