#include "fonts.hpp"

#include <imgui_freetype.h>

#include <cstdlib>
#include <filesystem>

#include "catalogues.hpp"
#include "config.hpp"

namespace kiosk::ui {

std::string gather_glyph_text(const Catalogues& catalogues, const KioskConfig& config) {
    std::string text = " 0123456789!?.,:;-+/()%'\"<>=&@#*_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    text += "\u2039\u203a\u2013\u2014\u00b7\u00d7\u2026\u201c\u201d\u2018\u2019\u00a0";  // ‹ › – — · … quotes, nbsp
    for (const auto& language : config.languages) {
        for (const auto& entry : read_mo_file(catalogues.mo_path(language)))
            for (const auto& translation : entry.translations) text += translation;
    }
    for (const auto& norm : config.local_norms) {
        for (const auto& [language, title] : norm.title) text += title;
        for (const auto& [language, question] : norm.question) text += question;
    }
    text += config.site_name + config.counter;
    return text;
}

std::string font_directory() {
    const char* dir = std::getenv("KIOSK_FONT_DIR");
    return dir && *dir ? dir : "/usr/share/fonts/truetype/noto";
}

std::string build_fonts(ImFontAtlas& atlas, const Theme& theme, const std::string& glyph_text, Fonts& fonts,
                        AtlasFigures& figures) {
    static ImVector<ImWchar> ranges;  // ImGui keeps a pointer to the ranges until the atlas is rebuilt
    ranges.clear();
    ImFontGlyphRangesBuilder builder;
    builder.AddText(glyph_text.c_str());
    builder.BuildRanges(&ranges);
    figures.glyphs = 0;
    for (int i = 0; i + 1 < ranges.Size; i += 2) figures.glyphs += ranges[i + 1] - ranges[i] + 1;

    std::string regular = font_directory() + "/NotoSans-Regular.ttf";
    std::string bold = font_directory() + "/NotoSans-Bold.ttf";
    for (const auto& file : {regular, bold})
        if (!std::filesystem::exists(file)) return "font file " + file + " is missing (install fonts-noto-core)";

    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = 0;
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    for (int i = 0; i < font_size_count; ++i) {
        auto size = static_cast<FontSize>(i);
        ImFontConfig cfg;
        cfg.OversampleH = cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        const std::string& file = size >= FontSize::title ? bold : regular;
        fonts.sizes[i] = atlas.AddFontFromFileTTF(file.c_str(), theme.font_px(size), &cfg, ranges.Data);
        if (!fonts.sizes[i]) return "cannot load font " + file;
    }
    if (!atlas.Build()) return "cannot build the font atlas";
    figures.width = atlas.TexWidth;
    figures.height = atlas.TexHeight;
    return {};
}

}  // namespace kiosk::ui
