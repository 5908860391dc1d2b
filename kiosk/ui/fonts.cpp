#include "fonts.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <imgui_freetype.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>

#include "catalogues.hpp"
#include "config.hpp"
#include "locale_format.hpp"

namespace kiosk::ui {
namespace {

// What ICU writes for a language that a manager view shows: a number with every digit, the group and
// decimal separators and the minus sign (U+2212 in Swedish, Finnish, Estonian, Lithuanian, Slovene),
// and a date in every month, whose abbreviated names bring letters no catalogue has (Greek "Φεβ",
// "Μαΐ", French "août", Maltese "Ġun"). The day and year are digits, already in the atlas.
std::string formatted_text(const Catalogues& catalogues, const std::string& language) {
    std::string text = format_number(catalogues, language, -1234567890.5, 2);
    for (int month = 0; month < 12; ++month) {
        std::tm mid_month{};
        mid_month.tm_year = 2026 - 1900;
        mid_month.tm_mon = month;
        mid_month.tm_mday = 15;
        mid_month.tm_hour = 12;
        text += format_date(catalogues, language, static_cast<std::int64_t>(timegm(&mid_month)) * 1000);
    }
    return text;
}

// What the atlas reads but does not own. ImGui keeps pointers to them and reads them again whenever
// it builds its texture anew (a renderer reload after ClearTexData() does), so the old ones may only
// go once the atlas has let go of them, in ImFontAtlas::Clear().
struct AtlasInputs {
    ImVector<ImWchar> ranges;
    std::vector<unsigned char> regular, bold;
    // Noto Sans lacks the minus sign U+2212 that ICU writes for negative numbers in five of the
    // languages; Noto Sans Math, drawn to match it, fills in what Noto Sans lacks.
    std::vector<unsigned char> fallback;

    void swap(AtlasInputs& other) {
        ranges.swap(other.ranges);
        regular.swap(other.regular);
        bold.swap(other.bold);
        fallback.swap(other.fallback);
    }
};

AtlasInputs& live_inputs() {
    static AtlasInputs inputs;
    return inputs;
}

}  // namespace

void release_font_build_data(ImFontAtlas& atlas) {
    atlas.ClearTexData();
    atlas.ClearInputData();  // the atlas lets go of the font files and ranges ...
    AtlasInputs none;
    live_inputs().swap(none);  // ... so they can go
}

namespace {

// The checks FreeType makes when the atlas is built, made first so that a bad file is refused while
// the old atlas is still whole.
std::string check_font(const std::vector<unsigned char>& data, const std::string& file) {
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) return "cannot start FreeType to read " + file;
    std::unique_ptr<FT_LibraryRec_, decltype(&FT_Done_FreeType)> library_owner(library, FT_Done_FreeType);
    FT_Face face = nullptr;
    if (FT_New_Memory_Face(library, data.data(), static_cast<FT_Long>(data.size()), 0, &face) != 0)
        return "font file " + file + " is not a font FreeType can read (reinstall fonts-noto-core)";
    std::unique_ptr<FT_FaceRec_, decltype(&FT_Done_Face)> face_owner(face, FT_Done_Face);
    if (FT_Select_Charmap(face, FT_ENCODING_UNICODE) != 0)
        return "font file " + file + " has no Unicode character map";
    return {};
}

std::string read_font(const std::string& file, std::vector<unsigned char>& data) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return "font file " + file + " is missing or unreadable (install fonts-noto-core)";
    data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad() || data.empty()) return "cannot read font file " + file;
    return check_font(data, file);
}

int count_code_points(const ImVector<ImWchar>& ranges) {
    int count = 0;
    for (int i = 0; i + 1 < ranges.Size; i += 2) count += ranges[i + 1] - ranges[i] + 1;
    return count;
}

}  // namespace

std::string gather_glyph_text(const Catalogues& catalogues, const KioskConfig& config) {
    std::string text =
        " 0123456789!?.,:;-+/()%'\"<>=&@#*_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // ‹ › – — · × … quotes, no-break space
    text += "\u2039\u203a\u2013\u2014\u00b7\u00d7\u2026\u201c\u201d\u2018\u2019\u00a0";
    for (const auto& language : config.languages) {
        for (const auto& entry : read_mo_file(catalogues.mo_path(language)))
            for (const auto& translation : entry.translations) text += translation;
        text += formatted_text(catalogues, language);
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

// What is taken from Noto Sans Math: only what Noto Sans lacks. Merging it with every range the
// catalogues need cost about 3 MB more memory at run time (measured with bench/run_benchmark.sh).
constexpr ImWchar only_from_fallback[] = {0x2212, 0x2212, 0};  // − minus sign

std::string build_fonts(ImFontAtlas& atlas, const Theme& theme, const std::string& glyph_text, Fonts& fonts,
                        AtlasFigures& figures) {
    IM_ASSERT(!atlas.Locked &&
              "fonts are rebuilt between Render() and the next NewFrame(), never inside a frame");
    if (atlas.Locked) return "the font atlas is in use by a frame; rebuild it after Render()";
    AtlasInputs next;
    if (auto failure = read_font(font_directory() + "/NotoSans-Regular.ttf", next.regular); !failure.empty())
        return failure;
    if (auto failure = read_font(font_directory() + "/NotoSans-Bold.ttf", next.bold); !failure.empty())
        return failure;
    if (auto failure = read_font(font_directory() + "/NotoSansMath-Regular.ttf", next.fallback);
        !failure.empty())
        return failure;
    ImFontGlyphRangesBuilder builder;
    builder.AddText(glyph_text.c_str());
    builder.BuildRanges(&next.ranges);

    // Nothing refusable is left: drop the old atlas, then the inputs it pointed into.
    atlas.Clear();
    AtlasInputs& inputs = live_inputs();
    inputs.swap(next);
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = 0;
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    for (int i = 0; i < font_size_count; ++i) {
        auto size = static_cast<FontSize>(i);
        bool bold = size >= FontSize::title;
        std::vector<unsigned char>& data = bold ? inputs.bold : inputs.regular;
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;  // one copy of each file for all sizes, in `inputs`
        cfg.OversampleH = cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        float px = theme.font_px(size);
        fonts.sizes[i] = atlas.AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), px, &cfg,
                                                    inputs.ranges.Data);
        // Merged after: ImGui takes from it only the characters the first font has no glyph for.
        // It has no bold face; FreeType emboldens it for the bold sizes.
        cfg.MergeMode = true;
        cfg.FontBuilderFlags = bold ? ImGuiFreeTypeBuilderFlags_Bold : 0;
        atlas.AddFontFromMemoryTTF(inputs.fallback.data(), static_cast<int>(inputs.fallback.size()), px, &cfg,
                                   only_from_fallback);
    }
    if (!atlas.Build()) return "cannot build the font atlas (FreeType could not start)";
    figures.width = atlas.TexWidth;
    figures.height = atlas.TexHeight;
    figures.glyphs = count_code_points(inputs.ranges);
    return {};
}

}  // namespace kiosk::ui
